import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from './database.ts';
import type { DialectName } from './dialect.ts';
import { dialectOf } from './dialect.ts';

/** Stands for the i-th argument while a prepared query is compiled. */
class Slot {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
}

/**
 * A query built and compiled once per engine, then run with new values: the hot path skips
 * Kysely's builder and compiler, which cost more than the query itself for a small indexed
 * lookup. The builder receives stand-ins for its arguments, so it must use them only as values
 * (compared, inserted), never look into them or branch on them.
 */
export function prepared<A extends unknown[], R>(
  build: (db: Db, ...args: A) => Compilable<R>,
  /** A last touch to the compiled SQL, for what the builder cannot say (an index hint). */
  finish: (sql: string, dialect: DialectName) => string = (sql) => sql,
) {
  const compiled = new Map<DialectName, { query: CompiledQuery<R>; slots: number[] }>();
  return async (db: Db, ...args: A): Promise<R[]> => {
    const dialect = dialectOf(db);
    let c = compiled.get(dialect);
    if (!c) {
      const built = build(db, ...(args.map((_, i) => new Slot(i)) as A)).compile();
      const query = { ...built, sql: finish(built.sql, dialect) };
      c = { query, slots: query.parameters.map((p) => (p instanceof Slot ? p.index : -1)) };
      if (new Set(c.slots.filter((s) => s >= 0)).size !== args.length)
        throw new Error('a prepared query must use each of its arguments as a value');
      compiled.set(dialect, c);
    }
    const { query, slots } = c;
    const parameters = query.parameters.map((p, i) => (slots[i]! >= 0 ? args[slots[i]!] : p));
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
