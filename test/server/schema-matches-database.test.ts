/**
 * The table types the code is compiled against (src/server/db/schema.ts) say what the migrated
 * database holds: the same tables, the same columns, and a column that may be null exactly where
 * its type admits null. Read from the database's catalogue and from the TypeScript types (by the
 * compiler's own checker), so a migration without its type, or a type without its migration, fails.
 */
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloneTestDatabase } from '../kit/test-database';
import type { TestDatabase } from '../kit/test-database';

const SCHEMA_FILE = path.resolve(import.meta.dirname, '../../src/server/db/schema.ts');
/** Kysely's and the migrator's own tables, not the application's. */
const MIGRATOR_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

type Columns = Map<string, { nullable: boolean }>;

/** The tables of `DB` in schema.ts, each column's select type deciding whether it is nullable. */
function typedTables(): Map<string, Columns> {
  const program = ts.createProgram([SCHEMA_FILE], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(SCHEMA_FILE)!;
  const db = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'DB')!;
  const tables = new Map<string, Columns>();
  for (const table of checker.getPropertiesOfType(checker.getTypeAtLocation(db))) {
    const tableType = checker.getTypeOfSymbolAtLocation(table, db);
    const columns: Columns = new Map();
    for (const column of checker.getPropertiesOfType(tableType)) {
      let type = checker.getTypeOfSymbolAtLocation(column, db);
      // ColumnType<Select, Insert, Update> (and Generated<T>) carry the select type in `__select__`.
      const selected = type.getProperty('__select__');
      if (selected) type = checker.getTypeOfSymbolAtLocation(selected, db);
      const parts = type.isUnion() ? type.types : [type];
      columns.set(column.name, { nullable: parts.some((part) => (part.flags & ts.TypeFlags.Null) !== 0) });
    }
    tables.set(table.name, columns);
  }
  return tables;
}

let testDatabase: TestDatabase;
beforeAll(async () => {
  testDatabase = await cloneTestDatabase();
});
afterAll(() => testDatabase.drop());

async function migratedTables(): Promise<Map<string, Columns>> {
  const { rows } = await sql<{ table_name: string; column_name: string; is_nullable: 'YES' | 'NO' }>`
    select c.table_name, c.column_name, c.is_nullable
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
  `.execute(testDatabase.database.db);
  const tables = new Map<string, Columns>();
  for (const row of rows) {
    if (MIGRATOR_TABLES.has(row.table_name)) continue;
    const columns = tables.get(row.table_name) ?? new Map();
    columns.set(row.column_name, { nullable: row.is_nullable === 'YES' });
    tables.set(row.table_name, columns);
  }
  return tables;
}

const describeColumns = (tables: Map<string, Columns>) =>
  Object.fromEntries(
    [...tables]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, columns]) => [
        table,
        Object.fromEntries(
          [...columns].sort(([a], [b]) => a.localeCompare(b)).map(([name, { nullable }]) => [name, nullable ? 'null' : 'not null']),
        ),
      ]),
  );

describe('the table types and the migrated database', () => {
  it('name the same tables and columns, nullable in the same places', async () => {
    const typed = typedTables();
    expect(typed.size).toBeGreaterThan(40);
    expect(describeColumns(typed)).toEqual(describeColumns(await migratedTables()));
  }, 120_000);
});
