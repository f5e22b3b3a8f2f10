import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * The device's Ed25519 key pair: what makes it the same device to the service (api.md, "also
 * accepts publicKey and proof"). It lives beside the state file (`<state>.key`, PKCS#8 PEM,
 * readable by the owner only), so that wiping the connection keeps the key: connecting again
 * with a new code then gives back the same device id, its subscriptions and seats. A real app
 * keeps it in the OS keystore. Without --state the key lives for this run only.
 */
export class DeviceKey {
  readonly #privateKey: KeyObject;
  /** base64url of the raw 32-byte public key, as the service names it. */
  readonly publicKey: string;

  private constructor(privateKey: KeyObject) {
    this.#privateKey = privateKey;
    this.publicKey = createPublicKey(privateKey).export({ format: 'jwk' }).x!;
  }

  /** The key kept beside `statePath` (made and saved the first time), or a key for this run. */
  static async load(statePath: string | undefined): Promise<DeviceKey> {
    if (!statePath) return new DeviceKey(generateKeyPairSync('ed25519').privateKey);
    const path = keyPath(statePath);
    try {
      return new DeviceKey(createPrivateKey(await readFile(path, 'utf8')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(`${path} does not hold this device's key; move it away to start as a new device.`, {
          cause: err,
        });
    }
    const { privateKey } = generateKeyPairSync('ed25519');
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
    await rename(temporary, path);
    return new DeviceKey(privateKey);
  }

  /** What connecting with `code` adds: the key and its signature of `seatpost-connect:<code>`. */
  proofFor(code: string): { publicKey: string; proof: string } {
    const proof = sign(null, Buffer.from(`seatpost-connect:${code}`), this.#privateKey).toString('base64url');
    return { publicKey: this.publicKey, proof };
  }
}

export function keyPath(statePath: string): string {
  return `${statePath}.key`;
}
