import { hash, randomBytes, randomUUID } from 'node:crypto';

/** Time, injected so that tests can move it (a 24-hour window) without sleeping. */
export interface Clock {
  now(): Date;
}

/** Randomness, injected so that tests can make it predictable where they need to. */
export interface Random {
  id(): string;
  /** A secret of `bytes` random bytes, base64url. */
  token(bytes: number): string;
  /** A code of `length` characters from `alphabet`, uniformly chosen. */
  code(length: number, alphabet: string): string;
}

export const systemClock: Clock = { now: () => new Date() };

export const systemRandom: Random = {
  id: () => randomUUID(),
  token: (bytes) => randomBytes(bytes).toString('base64url'),
  code(length, alphabet) {
    // Rejection sampling: no modulo bias.
    const limit = 256 - (256 % alphabet.length);
    let out = '';
    while (out.length < length) {
      for (const b of randomBytes(length * 2)) {
        if (b < limit && out.length < length) out += alphabet[b % alphabet.length];
      }
    }
    return out;
  },
};

/** A clock a test can set and advance. */
export class ManualClock implements Clock {
  #now: number;
  constructor(start: Date = new Date()) {
    this.#now = start.getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  advance(ms: number): void {
    this.#now += ms;
  }
  set(at: Date): void {
    this.#now = at.getTime();
  }
}

/** Secrets and codes are stored only as this hash. They carry enough entropy that no salt or stretching is needed. */
export function secretHash(secret: string): string {
  // The one-shot hash: on every device request, and cheaper than a Hash object for short input.
  return hash('sha256', secret, 'base64url');
}
