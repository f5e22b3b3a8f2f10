import type { Kysely } from 'kysely';
import { PostgresAdapter } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Column types that differ between the two engines; everything else is shared. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function columnTypes(db: Kysely<any>) {
  const dialect = dialectOf(db);
  return dialect === 'postgres'
    ? ({ dialect, timestamp: 'timestamptz', flag: 'boolean', serial: 'bigserial' } as const)
    : ({ dialect, timestamp: 'text', flag: 'integer', serial: 'integer' } as const);
}

/** A timestamp read back from either engine. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export function toDateOrNull(value: Date | string | null): Date | null {
  return value === null ? null : toDate(value);
}

export function toInt(value: number | string | bigint): number {
  return Number(value);
}
