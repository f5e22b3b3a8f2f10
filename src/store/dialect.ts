import type { Kysely, RawBuilder, SqlBool } from 'kysely';
import { PostgresAdapter, sql } from 'kysely';

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

/** A list of strings as one bound value: a JSON array on SQLite, an array (text[]) on PostgreSQL. */
export type ListParameter = string | string[];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function listParameter(db: Kysely<any>, values: readonly string[]): ListParameter {
  return dialectOf(db) === 'postgres' ? [...values] : JSON.stringify(values);
}

/** `column in (…)` over a list already bound as one parameter (see `listParameter`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inList(db: Kysely<any>, column: string, list: ListParameter): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres'
    ? sql<SqlBool>`${sql.ref(column)} = any(${list}::text[])`
    : sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${list}))`;
}

/**
 * `column in (…values)` bound as one parameter however many values there are: a JSON array on
 * SQLite, a text[] on PostgreSQL. One placeholder per value hit SQLite's limit of 32,766 (a big
 * fleet's pre-flight) and cost more to parse and plan than the lookup itself.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function oneOf(db: Kysely<any>, column: string, values: readonly string[]): RawBuilder<SqlBool> {
  return inList(db, column, listParameter(db, values));
}
