import type { Signature } from './derive.js';

/** Hash maps from a key to the signatures holding it. */
export class SignatureIndex {
  readonly signatures: readonly Signature[];
  private readonly byKey = new Map<number, number[]>();

  constructor(signatures: readonly Signature[]) {
    this.signatures = signatures;
    signatures.forEach((s, i) => {
      for (const k of s.keys) (this.byKey.get(k.key) ?? this.byKey.set(k.key, []).get(k.key)!).push(i);
    });
  }

  get size(): number {
    return this.signatures.length;
  }

  /** the signatures holding `key` (by position), or undefined */
  lookup(key: number): readonly number[] | undefined {
    return this.byKey.get(key);
  }
}
