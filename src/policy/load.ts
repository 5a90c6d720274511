/**
 * Reads a policy file (YAML, of which JSON is a subset) and validates it.
 * Every error names the file, where in it (path and line) and why, so a
 * person fixes it without guessing.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { PolicyFile } from './schema.js';

export class PolicyError extends Error {}

/** Parses policy text; `name` is what errors call the file. Throws PolicyError. */
export function parsePolicyText(text: string, name: string): PolicyFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const at = lines.linePos(e.pos[0]);
    throw new PolicyError(`${name}${at.line ? `:${at.line}:${at.col}` : ''}: not valid YAML or JSON: ${e.message.split('\n')[0]}`);
  }
  const r = PolicyFile.safeParse(doc.toJS() ?? {});
  if (r.success) return r.data;
  const problems = r.error.issues.slice(0, 5).map((i) => {
    const path = i.path.length ? i.path.join('.') : '(top level)';
    // the deepest node of the path that exists in the document gives the line
    let line: number | undefined;
    for (let k = i.path.length; k >= 0 && line === undefined; k--) {
      const node = doc.getIn(i.path.slice(0, k), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) line = lines.linePos(node.range[0]).line;
    }
    return `${name}${line ? `:${line}` : ''}: ${path}: ${i.message}`;
  });
  const more = r.error.issues.length > 5 ? `\n(and ${r.error.issues.length - 5} more)` : '';
  throw new PolicyError(problems.join('\n') + more);
}

/** Reads and validates a policy file. Throws PolicyError. */
export function loadPolicyFile(path: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new PolicyError(`${path}: cannot read the policy file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parsePolicyText(text, path);
}
