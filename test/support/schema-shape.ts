import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import ts from 'typescript';

/**
 * The shape of a schema, as declared by the Kysely interface in `src/store/schema.ts` or as found
 * in a migrated database, reduced to what the two can be compared on: tables, columns, whether a
 * column can be null, the family of its type, and how it may be inserted.
 */
export type Family = 'text' | 'integer' | 'flag' | 'timestamp';

export interface DeclaredColumn {
  nullable: boolean;
  family: Family | `unknown: ${string}`;
  /** The insert type allows leaving the column out (`Generated<>`, or `undefined` in a `ColumnType<>`). */
  optionalOnInsert: boolean;
  /** The insert type is `never` (`GeneratedAlways<>`): the database must fill it in. */
  neverInserted: boolean;
}

export interface ActualColumn {
  nullable: boolean;
  /** The engine's own name for the column's type. */
  type: string;
  /** The database fills it in when an insert leaves it out: a default, a sequence, SQLite's rowid. */
  hasDefault: boolean;
  /** A generated column (`GENERATED ALWAYS AS …`, or an identity always generated). */
  generated: boolean;
}

export type Shape<C> = Map<string, Map<string, C>>;

const SCHEMA_FILE = fileURLToPath(new URL('../../src/store/schema.ts', import.meta.url));

/**
 * Reads the exported `Database` interface of `src/store/schema.ts` with the TypeScript checker, so
 * that aliases (`Timestamp`), Kysely's wrappers (`Generated<>`, `ColumnType<>`) and types imported
 * from elsewhere resolve as the compiler sees them.
 */
export function declaredSchema(file = SCHEMA_FILE): Shape<DeclaredColumn> {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2024,
    lib: ['lib.es2024.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  const database = module && checker.getExportsOfModule(module).find((s) => s.name === 'Database');
  if (!database) throw new Error(`${file} exports no Database interface`);

  const members = (type: ts.Type): ts.Type[] => (type.isUnion() ? type.types : [type]);
  // Kysely's ColumnType<S, I, U> is `{ __select__: S; __insert__: I; __update__: U }`; a plain T is all three.
  const side = (type: ts.Type, key: '__select__' | '__insert__'): ts.Type[] =>
    members(type).flatMap((m) => {
      const p = m.getProperty(key);
      return p ? members(checker.getTypeOfSymbol(p)) : [m];
    });
  const has = (types: ts.Type[], flags: ts.TypeFlags) => types.some((t) => (t.flags & flags) !== 0);

  const family = (types: ts.Type[]): DeclaredColumn['family'] => {
    const values = types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
    if (values.some((t) => t.getSymbol()?.name === 'Date')) return 'timestamp';
    if (has(values, ts.TypeFlags.BooleanLike)) return 'flag';
    if (has(values, ts.TypeFlags.NumberLike | ts.TypeFlags.BigIntLike)) return 'integer';
    if (values.length > 0 && values.every((t) => t.flags & ts.TypeFlags.StringLike)) return 'text';
    return `unknown: ${values.map((t) => checker.typeToString(t)).join(' | ')}`;
  };

  const shape: Shape<DeclaredColumn> = new Map();
  for (const table of checker.getDeclaredTypeOfSymbol(database).getProperties()) {
    const columns = new Map<string, DeclaredColumn>();
    for (const column of checker.getTypeOfSymbol(table).getProperties()) {
      const type = checker.getTypeOfSymbol(column);
      const select = side(type, '__select__');
      const insert = side(type, '__insert__');
      columns.set(column.name, {
        nullable: has(select, ts.TypeFlags.Null),
        family: family(select),
        optionalOnInsert: has(insert, ts.TypeFlags.Undefined),
        neverInserted: insert.every((t) => t.flags & ts.TypeFlags.Never),
      });
    }
    shape.set(table.name, columns);
  }
  return shape;
}

type AnyDb = Kysely<any>;

/** The tables and columns of a migrated database, read from the engine's own catalogue. */
export async function actualSchema(db: AnyDb, dialect: 'sqlite' | 'postgres'): Promise<Shape<ActualColumn>> {
  const shape: Shape<ActualColumn> = new Map();
  const add = (table: string, column: string, c: ActualColumn) => {
    if (!shape.has(table)) shape.set(table, new Map());
    shape.get(table)!.set(column, c);
  };
  if (dialect === 'postgres') {
    const { rows } = await sql<{
      table_name: string;
      column_name: string;
      is_nullable: string;
      data_type: string;
      column_default: string | null;
      is_generated: string;
      is_identity: string;
      identity_generation: string | null;
    }>`select c.table_name, c.column_name, c.is_nullable, c.data_type, c.column_default,
              c.is_generated, c.is_identity, c.identity_generation
         from information_schema.columns c
         join information_schema.tables t using (table_schema, table_name)
        where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
        order by c.table_name, c.ordinal_position`.execute(db);
    for (const r of rows) {
      add(r.table_name, r.column_name, {
        nullable: r.is_nullable === 'YES',
        type: r.data_type,
        hasDefault: r.column_default !== null || r.is_identity === 'YES',
        generated: r.is_generated === 'ALWAYS' || r.identity_generation === 'ALWAYS',
      });
    }
    return shape;
  }
  const tables = await sql<{ name: string }>`select name from sqlite_schema where type = 'table'`.execute(db);
  for (const { name } of tables.rows) {
    // table_xinfo, not table_info: it lists generated columns too (hidden 2 and 3).
    const { rows } = await sql<{
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
      hidden: number;
    }>`select name, type, "notnull", dflt_value, pk, hidden from pragma_table_xinfo(${name})`.execute(db);
    const rowid = rows.filter((r) => r.pk > 0);
    for (const r of rows) {
      const isRowid = rowid.length === 1 && r.pk > 0 && r.type.toUpperCase() === 'INTEGER';
      add(name, r.name, {
        // SQLite lets a primary key other than the rowid hold NULL (a compatibility quirk it keeps);
        // every such key here is written by the code, never left out, so it counts as NOT NULL.
        nullable: !r.notnull && r.pk === 0,
        type: r.type,
        hasDefault: r.dflt_value !== null || isRowid,
        generated: r.hidden === 2 || r.hidden === 3,
      });
    }
  }
  return shape;
}

/** Tables better-auth creates and owns: schema.ts may declare some of their columns, not all. */
export const AUTH_TABLES = new Set([
  'user',
  'session',
  'account',
  'verification',
  'organization',
  'member',
  'invitation',
  'team',
  'teamMember',
  'twoFactor',
]);

/** Bookkeeping of the engines and of Kysely's migrator, which no query of ours reads. */
const INTERNAL_TABLE = /^(sqlite_.*|seatpost_migrations(_lock)?)$/;

const FAMILY_TYPES: Record<'sqlite' | 'postgres', Record<Family, RegExp>> = {
  postgres: {
    text: /^(text|character varying)$/,
    integer: /^(integer|bigint|smallint)$/,
    flag: /^boolean$/,
    timestamp: /^timestamp with time zone$/,
  },
  // better-auth declares its SQLite timestamps as `date`; ours are ISO strings in TEXT.
  sqlite: {
    text: /^text$/i,
    integer: /^(integer|bigint)$/i,
    flag: /^integer$/i,
    timestamp: /^(text|date)$/i,
  },
};

/** Every difference between what schema.ts declares and what the database has, as sentences. */
export function schemaDrift(
  declared: Shape<DeclaredColumn>,
  actual: Shape<ActualColumn>,
  dialect: 'sqlite' | 'postgres',
): string[] {
  const drift: string[] = [];
  for (const [table, columns] of declared) {
    const found = actual.get(table);
    if (!found) {
      drift.push(`table ${table} is declared but not in the database`);
      continue;
    }
    for (const [column, d] of columns) {
      const a = found.get(column);
      const name = `${table}.${column}`;
      if (!a) {
        drift.push(`${name} is declared but not in the database`);
        continue;
      }
      if (d.nullable !== a.nullable)
        drift.push(
          `${name} is declared ${d.nullable ? 'nullable' : 'not null'} but is ${a.nullable ? 'nullable' : 'NOT NULL'}`,
        );
      if (d.family.startsWith('unknown'))
        drift.push(`${name} has a declared type the test cannot classify (${d.family.slice(9)})`);
      else if (!FAMILY_TYPES[dialect][d.family as Family].test(a.type))
        drift.push(`${name} is declared a ${d.family} but is ${a.type}`);
      if (a.generated && !d.neverInserted)
        drift.push(
          `${name} is generated by the database but declared insertable (use GeneratedAlways<> or ColumnType<T, never, never>)`,
        );
      if (d.neverInserted && !a.generated && !a.hasDefault && !a.nullable)
        drift.push(`${name} is declared never inserted but the database neither generates nor defaults it`);
      if (d.optionalOnInsert && !a.nullable && !a.hasDefault && !a.generated)
        drift.push(`${name} may be left out of an insert but is NOT NULL without a default`);
    }
    if (AUTH_TABLES.has(table)) continue;
    for (const column of found.keys())
      if (!columns.has(column)) drift.push(`${table}.${column} is in the database but not declared`);
  }
  for (const table of actual.keys())
    if (!declared.has(table) && !AUTH_TABLES.has(table) && !INTERNAL_TABLE.test(table))
      drift.push(`table ${table} is in the database but not declared`);
  return drift;
}
