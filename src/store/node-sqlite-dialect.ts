import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type {
  CompiledQuery,
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
} from 'kysely';
import { CompiledQuery as Compiled, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';

/**
 * Kysely over `node:sqlite`, written here because the published dialects pass parameters
 * through unchecked: `node:sqlite` reads an object in first position as a map of named
 * parameters, so a `Date` silently stored NULL and shifted every other value. Here a Date
 * becomes its ISO string, a boolean 0/1, and any other object is refused loudly.
 */
export function toSqliteValue(value: unknown, index: number): SQLInputValue {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'bigint':
      return value;
    case 'boolean':
      return value ? 1 : 0;
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new TypeError(`SQL parameter ${index} is an invalid Date`);
        return value.toISOString();
      }
      if (value instanceof Uint8Array) return value;
      break;
  }
  throw new TypeError(`SQL parameter ${index} has unsupported type ${Object.prototype.toString.call(value)}`);
}

/** Prepared statements kept per SQL text, so that a hot query is parsed and planned once. */
const STATEMENT_CACHE_SIZE = 500;

interface Prepared {
  stmt: StatementSync;
  /** The result's column names; empty for a statement that returns no rows. */
  columns: string[];
}

/**
 * A row as a plain object built here, not by `node:sqlite`: its row objects are dictionaries
 * (about 700 bytes for seven columns), while objects built in one key order share a hidden class
 * (about 80). A 10,000-device pre-flight allocated 7 MB for its listing, and promoted much of it.
 */
function rowObject(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
  return row;
}

/** Shown every error a query raises (readiness watches for storage faults). */
export type OnQueryError = (error: unknown) => void;

class NodeSqliteConnection implements DatabaseConnection {
  readonly #db: DatabaseSync;
  readonly #statements = new Map<string, Prepared>();
  readonly #onError: OnQueryError | undefined;
  constructor(db: DatabaseSync, onError?: OnQueryError) {
    this.#db = db;
    this.#onError = onError;
  }

  #prepare(text: string): Prepared {
    let cached = this.#statements.get(text);
    if (cached) {
      // Most recently used last: the first entry is the one to evict.
      this.#statements.delete(text);
      this.#statements.set(text, cached);
      return cached;
    }
    const stmt = this.#db.prepare(text);
    const columns = stmt.columns().map((c) => c.name);
    if (columns.length > 0) stmt.setReturnArrays(true);
    cached = { stmt, columns };
    // Statements that change the schema or the transaction state are not kept.
    if (/^\s*(select|insert|update|delete|with)\b/i.test(text)) {
      this.#statements.set(text, cached);
      if (this.#statements.size > STATEMENT_CACHE_SIZE)
        this.#statements.delete(this.#statements.keys().next().value!);
    }
    return cached;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return this.#execute(query);
    } catch (error) {
      this.#onError?.(error);
      throw error;
    }
  }

  #execute<R>(query: CompiledQuery): QueryResult<R> {
    const { stmt, columns } = this.#prepare(query.sql);
    const params = query.parameters.map(toSqliteValue);
    if (columns.length > 0) {
      const rows = stmt.all(...params) as unknown as unknown[][];
      return { rows: rows.map((values) => rowObject(columns, values) as R) };
    }
    const { changes, lastInsertRowid } = stmt.run(...params);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on node:sqlite');
  }
}

/** One connection, handed to one user at a time: SQLite transactions must not interleave. */
class NodeSqliteDriver implements Driver {
  readonly #open: () => DatabaseSync;
  readonly #onError: OnQueryError | undefined;
  #db: DatabaseSync | undefined;
  #connection: NodeSqliteConnection | undefined;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(open: () => DatabaseSync, onError?: OnQueryError) {
    this.#open = open;
    this.#onError = onError;
  }

  async init(): Promise<void> {
    this.#db = this.#open();
    this.#connection = new NodeSqliteConnection(this.#db, this.#onError);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection!;
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // IMMEDIATE takes the write lock at once, so that a second process cannot sneak in between.
    await connection.executeQuery(Compiled.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Compiled.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(Compiled.raw('rollback'));
  }

  async destroy(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
  }
}

export class NodeSqliteDialect implements Dialect {
  readonly #open: () => DatabaseSync;
  readonly #onError: OnQueryError | undefined;
  constructor(open: () => DatabaseSync, onError?: OnQueryError) {
    this.#open = open;
    this.#onError = onError;
  }
  createDriver(): Driver {
    return new NodeSqliteDriver(this.#open, this.#onError);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}
