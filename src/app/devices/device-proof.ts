import { createPublicKey, verify } from 'node:crypto';
import { formatCode, normalizeCode } from '../../domain/codes.ts';
import { connectProofText } from '../../domain/device-identity.ts';
import { AppError } from '../shared/errors.ts';

/** What an app that keeps a key sends beside its connect code. */
export interface KeyProof {
  code: string;
  /** base64url of the raw 32-byte Ed25519 public key. */
  publicKey?: string;
  /** base64url of the Ed25519 signature of `seatpost-connect:<code>`. */
  proof?: string;
}

const invalid = (pointer: string, detail: string) =>
  new AppError('DEVICE_PROOF_INVALID', detail, { pointer });

/**
 * Checks that the app holds the private half of the key it names, by its signature of the
 * connect code it presents (as sent, or as the portal prints it: both are the same code).
 * Returns the key in its one spelling, null when the app sent no key; refuses a key without a
 * proof, a proof without a key, a malformed key and a signature that does not verify.
 * Pure computation, before the code is touched: a bad proof uses up nothing.
 */
export function verifyConnectProof(input: KeyProof): string | null {
  const { publicKey, proof } = input;
  if (publicKey === undefined && proof === undefined) return null;
  if (publicKey === undefined) throw invalid('/publicKey', 'A proof needs the public key it was made with');
  if (proof === undefined)
    throw invalid('/proof', 'A public key needs a proof: the signature of the connect code');
  const raw = Buffer.from(publicKey, 'base64url');
  if (raw.length !== 32 || raw.toString('base64url') !== publicKey)
    throw invalid('/publicKey', 'The public key must be a raw 32-byte Ed25519 key, base64url');
  const signature = Buffer.from(proof, 'base64url');
  if (signature.length !== 64 || signature.toString('base64url') !== proof)
    throw invalid('/proof', 'The proof must be a 64-byte Ed25519 signature, base64url');
  let key;
  try {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
  } catch {
    throw invalid('/publicKey', 'This is not an Ed25519 public key');
  }
  const spellings = new Set([input.code, normalizeCode(input.code), formatCode(normalizeCode(input.code))]);
  const signed = [...spellings].some((code) =>
    verify(null, Buffer.from(connectProofText(code)), key, signature),
  );
  if (!signed) throw invalid('/proof', 'The proof is not a signature of this connect code by this key');
  return publicKey;
}
