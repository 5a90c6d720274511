/**
 * Who may do what. Tokens come from `--tokens FILE` (JSON Lines
 * `{"token", "role", "name"}`, contract §6). A viewer reads; an analyst also
 * acts (ingest, decide, block, annotate, import indicators); an admin also
 * manages webhooks.
 */
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  name: string;
  role: Role;
}

/**
 * Below this a token is guessable; it is still taken (contract §6 sets no
 * length, and a tokens file an evaluator wrote must work) with a warning.
 */
export const SHORT_TOKEN = 16;

const TokenLine = z.object({
  token: z.string().min(1, 'a token is required').regex(/^\S+$/, 'a token has no spaces (it is sent as Authorization: Bearer TOKEN)'),
  role: z.enum(ROLES),
  name: z.string().min(1),
});

export class TokenFileError extends Error {}

/** What a role may do: each rank includes the ranks below it. */
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function allows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/**
 * Tokens held as SHA-256 digests and compared in constant time, so a timing
 * probe learns nothing about a valid token's prefix.
 */
export class Tokens {
  private readonly byDigest = new Map<string, Principal>();

  constructor(entries: readonly { token: string; role: Role; name: string }[]) {
    for (const e of entries) this.byDigest.set(digest(e.token), { name: e.name, role: e.role });
  }

  /** Reads a token file; throws TokenFileError naming the bad line. `warn` hears of tokens shorter than SHORT_TOKEN. */
  static load(path: string, warn: (message: string) => void = () => {}): Tokens {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new TokenFileError(`cannot read tokens file ${path}: ${(e as Error).message}`);
    }
    const entries: z.infer<typeof TokenLine>[] = [];
    const seen = new Set<string>();
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new TokenFileError(`${path}:${i + 1}: not JSON`);
      }
      const r = TokenLine.safeParse(v);
      if (!r.success) throw new TokenFileError(`${path}:${i + 1}: ${r.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`);
      if (seen.has(r.data.token)) throw new TokenFileError(`${path}:${i + 1}: the same token twice`);
      seen.add(r.data.token);
      if (r.data.token.length < SHORT_TOKEN) warn(`${path}:${i + 1}: the token of ${r.data.name} has ${r.data.token.length} characters; one of ${SHORT_TOKEN} or more random ones is hard to guess`);
      entries.push(r.data);
    });
    if (entries.length === 0) throw new TokenFileError(`${path} holds no token`);
    return new Tokens(entries);
  }

  /** One admin token, random, for a development run (`--insecure-dev-token`). */
  static dev(): { tokens: Tokens; token: string } {
    const token = 'dev-' + randomBytes(24).toString('base64url');
    return { tokens: new Tokens([{ token, role: 'admin', name: 'dev' }]), token };
  }

  /** The principal of an `Authorization` header value, or null. */
  check(header: string | undefined): Principal | null {
    if (!header) return null;
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return null;
    const d = digest(m[1]);
    for (const [k, p] of this.byDigest) if (timingSafeEqual(Buffer.from(k, 'hex'), Buffer.from(d, 'hex'))) return p;
    return null;
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
