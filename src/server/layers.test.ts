/**
 * The linter holds the layers (eslint.config.js): these snippets, placed where they would break a
 * layer, must be refused, and the same code where it belongs must pass. `npm test` lints the whole
 * tree, so the tree itself has none of them.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const eslint = new ESLint({ cwd: ROOT });

/**
 * The rules `text` breaks when it stands in for the file at `file` (relative to the repository; an
 * existing file, so the type-aware rules find it in the project).
 */
async function brokenRules(file: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: path.join(ROOT, file) });
  return [...new Set((result?.messages ?? []).map((m) => m.ruleId ?? m.message))].sort();
}

const QUERY = [
  "import type { Kysely } from 'kysely';",
  "import type { DB } from '../../db/schema';",
  "export const names = (db: Kysely<DB>) => db.selectFrom('users').select('username').execute();",
].join('\n');

describe('the layers, as the linter holds them', () => {
  it('refuses a query built outside the repositories, and takes it in one', async () => {
    expect(await brokenRules('src/server/domain/users/user-service.ts', QUERY)).toEqual(['no-restricted-syntax']);
    expect(await brokenRules('src/cli/commands/audit.ts', QUERY.replace('../../db/schema', '../../server/db/schema'))).toEqual([
      'no-restricted-syntax',
    ]);
    expect(await brokenRules('src/server/db/repositories/user-repository.ts', QUERY.replace('../../db/schema', '../schema'))).toEqual([]);
    const computed = QUERY.replace("db.selectFrom('users')", "db['selectFrom']('users')");
    expect(await brokenRules('src/server/domain/users/user-service.ts', computed)).toEqual(['no-restricted-syntax']);
    const dynamic = "export const load = () => import('kysely');";
    expect(await brokenRules('src/server/domain/users/user-service.ts', dynamic)).toEqual(['no-restricted-syntax']);
  }, 60_000);

  it('refuses the sql tag and the repositories’ SQL building blocks outside them, but not their types', async () => {
    const text = [
      "import { sql } from 'kysely';",
      "import { readableBy } from '../../db/repositories/sql/releasability-sql';",
      "import type { RawBuilder } from 'kysely';",
      'export const parts: unknown[] = [sql`select 1`, readableBy];',
      'export type Part = RawBuilder<unknown>;',
    ].join('\n');
    expect(await brokenRules('src/server/domain/users/user-service.ts', text)).toEqual(['@typescript-eslint/no-restricted-imports']);
    // From inside src/server/db too, outside the repositories.
    const inside = "import { anyText } from './repositories/sql/text-array';\nexport const r = anyText;";
    expect(await brokenRules('src/server/db/record-tables.ts', inside)).toEqual(['@typescript-eslint/no-restricted-imports']);
  }, 60_000);

  it('refuses HTTP code that reaches a repository without the domain, and allows its types', async () => {
    const values = "import { userRepository } from '../../db/repositories/user-repository';\nexport const r = userRepository;";
    expect(await brokenRules('src/server/http/api/crises.ts', values)).toEqual(['@typescript-eslint/no-restricted-imports']);
    const types = "import type { UserRow } from '../../db/repositories/user-repository';\nexport type R = UserRow;";
    expect(await brokenRules('src/server/http/api/crises.ts', types)).toEqual([]);
  }, 60_000);

  it('refuses a module that imports, at run time, one that imports it', async () => {
    // release-notice.ts imports release-notice-texts.ts: importing it back closes a cycle.
    const text = "import { noticeReleasingOfficers } from './release-notice';\nexport const again = noticeReleasingOfficers;";
    expect(await brokenRules('src/server/domain/release/release-notice-texts.ts', text)).toEqual(['import-x/no-cycle']);
    const typeOnly =
      "import type { noticeReleasingOfficers } from './release-notice';\nexport type Again = typeof noticeReleasingOfficers;";
    expect(await brokenRules('src/server/domain/release/release-notice-texts.ts', typeOnly)).toEqual([]);
  }, 60_000);
});
