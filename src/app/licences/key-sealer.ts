import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { CryptoKey } from 'jose';

/**
 * Seals the licence-signing keys' private halves before they are stored: AES-256-GCM under a key
 * derived (HKDF-SHA-256) from the service's secret, SEATPOST_AUTH_SECRET, with its own label, so
 * that the database alone (a backup, a replica) signs nothing. The key's id is the associated
 * data: a sealed key moved onto another row no longer opens. Also keeps the keys it opened, by id
 * (a key never changes once stored), so that signing does not decrypt and import each time.
 */
export class LicenceKeySealer {
  readonly #key: Buffer;
  readonly #opened = new Map<string, Promise<CryptoKey | null>>();

  constructor(secret: string) {
    this.#key = Buffer.from(hkdfSync('sha256', secret, 'seatpost', 'seatpost licence signing keys v1', 32));
  }

  seal(kid: string, plain: Buffer): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv).setAAD(Buffer.from(kid));
    const sealed = Buffer.concat([cipher.update(plain), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), sealed].map((p) => p.toString('base64url')).join('.');
  }

  /** The plain key, or null when it was sealed under another secret or has been altered. */
  unseal(kid: string, text: string): Buffer | null {
    const [version, iv, tag, sealed] = text.split('.');
    if (version !== 'v1' || !iv || !tag || sealed === undefined) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(kid))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
    } catch {
      return null;
    }
  }

  /** The imported key for `kid`, opened once and kept; null when it does not open. */
  opened(kid: string, text: string, open: (plain: Buffer) => Promise<CryptoKey>): Promise<CryptoKey | null> {
    let key = this.#opened.get(kid);
    if (!key) {
      const plain = this.unseal(kid, text);
      key = plain ? open(plain) : Promise.resolve(null);
      this.#opened.set(kid, key);
    }
    return key;
  }
}
