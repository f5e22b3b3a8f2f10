import type { Db } from './database.ts';
import { toDate, toInt } from './dialect.ts';

/** A licence-signing key as stored: the private key is the sealed (encrypted) text. */
export interface LicenceKeyRow {
  id: string;
  generation: number;
  publicJwk: string;
  sealedPrivateKey: string;
  createdAt: Date;
}

export type PublicLicenceKey = Omit<LicenceKeyRow, 'sealedPrivateKey'>;

/** The newest key (the one that signs), or undefined before the first was made. */
export async function newestLicenceKey(db: Db): Promise<LicenceKeyRow | undefined> {
  const row = await db
    .selectFrom('licence_keys')
    .select(['id', 'generation', 'public_jwk', 'private_key', 'created_at'])
    .orderBy('generation', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { ...publicOf(row), sealedPrivateKey: row.private_key };
}

/** Every key's public half, newest first. */
export async function publicLicenceKeys(db: Db): Promise<PublicLicenceKey[]> {
  const rows = await db
    .selectFrom('licence_keys')
    .select(['id', 'generation', 'public_jwk', 'created_at'])
    .orderBy('generation', 'desc')
    .execute();
  return rows.map(publicOf);
}

/**
 * Adds a key as the given generation unless that generation exists already (another node made
 * it first): the insert then does nothing, on either engine, and the caller reads the winner.
 */
export async function insertLicenceKey(db: Db, key: LicenceKeyRow): Promise<void> {
  await db
    .insertInto('licence_keys')
    .values({
      id: key.id,
      generation: key.generation,
      public_jwk: key.publicJwk,
      private_key: key.sealedPrivateKey,
      created_at: key.createdAt,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

function publicOf(row: {
  id: string;
  generation: number | string;
  public_jwk: string;
  created_at: Date | string;
}): PublicLicenceKey {
  return {
    id: row.id,
    generation: toInt(row.generation),
    publicJwk: row.public_jwk,
    createdAt: toDate(row.created_at),
  };
}
