/**
 * Shared by the service's tests: a small labelled world built from the shared
 * corpora (once per machine, cached in the temporary folder), tokens for
 * each role, and a running server.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { corporaDir } from '../features/corpora.js';
import { simulateWorld } from '../simulate/index.js';
import { Tokens } from './auth.js';
import { startServer, type RunningServer, type ServerOptions } from './server.js';

export interface World {
  dir: string;
  logs: string;
  /** the log's lines, in file order */
  lines: string[];
  accounts: string;
  labels: { account_id: string; label: 'benign' | 'campaign'; campaign_id: string | null; persona: string }[];
}

/** Why the corpus-backed tests skip, or undefined when they can run. */
export const NO_CORPORA = corporaDir() ? undefined : 'the shared prompt corpora (../shared/corpora) are not here; set DISTILLGUARD_CORPORA';

/** A `mixed` world (every persona, seven campaign strategies), cached by its parameters. */
export async function world(scale = 0.02, days = 14, seed = 3): Promise<World> {
  const dir = join(tmpdir(), `distillguard-serve-world-${scale}-${days}-${seed}`);
  if (!existsSync(join(dir, 'logs.jsonl'))) {
    const tmp = mkdtempSync(join(tmpdir(), 'distillguard-serve-world-'));
    await simulateWorld({ scenario: 'mixed', scale, days, seed, corpus: corporaDir(), out: tmp });
    writeFileSync(join(tmp, 'logs.jsonl'), gunzipSync(readFileSync(join(tmp, 'logs.jsonl.gz'))));
    try {
      renameSync(tmp, dir);
    } catch {
      // another test process built it first
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const logs = join(dir, 'logs.jsonl');
  return {
    dir,
    logs,
    lines: readFileSync(logs, 'utf8').split('\n').filter(Boolean),
    accounts: join(dir, 'accounts.jsonl'),
    labels: readFileSync(join(dir, 'labels.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)),
  };
}

export const TOKENS = {
  viewer: 'viewer-token-0123456789abcdef',
  analyst: 'analyst-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef',
};

export function testTokens(): Tokens {
  return new Tokens([
    { token: TOKENS.viewer, role: 'viewer', name: 'vera' },
    { token: TOKENS.analyst, role: 'analyst', name: 'ana' },
    { token: TOKENS.admin, role: 'admin', name: 'adam' },
  ]);
}

/** A server on a free port with a store in a fresh folder. */
export async function testServer(o: Partial<ServerOptions> & { dir?: string } = {}): Promise<RunningServer & { dir: string }> {
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'distillguard-serve-'));
  // a console folder of its own (absent unless a test writes one), so the tests do not depend on whether dist/console is built
  const s = await startServer({ host: '127.0.0.1', port: 0, tokens: testTokens(), store: join(dir, 'store.duckdb'), workers: 0, settleMs: 60_000, consoleDir: join(dir, 'console'), ...o });
  return { ...s, dir };
}

/** fetch with a role's token. */
export function client(base: string) {
  return async (path: string, init: RequestInit & { as?: keyof typeof TOKENS | null; json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (init.as !== null) headers.set('authorization', `Bearer ${TOKENS[init.as ?? 'viewer']}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    const res = await fetch(base + path, { ...init, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
}
