/**
 * The server's modules form layers: no module depends at run time on one that depends back on it
 * (a cycle makes the order of module initialisation decide whether a value is there yet), and SQL
 * is written only in `src/server/db` (repositories), so neither the domain nor the CLI builds a query.
 * Type-only imports vanish when compiled and are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The relative modules a file imports for their values (not `import type`, not type-only names). */
function runtimeImports(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const targets: string[] = [];
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.isTypeOnly) continue;
      const named = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        clause.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly);
      if (onlyTypes) continue;
      specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
      specifier = statement.moduleSpecifier;
    }
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) targets.push(resolve(file, specifier.text));
  }
  return targets;
}

function resolve(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')])
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return base;
}

/** Where a file outside `db/` builds SQL: a Kysely query builder started, or the `sql` tag imported from Kysely. */
function sqlOutsideRepositories(file: string, text = fs.readFileSync(file, 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const builders = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'mergeInto', 'selectNoFrom']);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === 'kysely') {
      const named = node.importClause?.namedBindings;
      if (!node.importClause?.isTypeOnly && named && ts.isNamedImports(named))
        for (const element of named.elements) if (!element.isTypeOnly) found.push(`imports ${element.name.text} from kysely`);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && builders.has(node.expression.name.text))
      found.push(`${node.expression.name.text} at line ${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every cycle in a graph, each once, as the list of its modules (Tarjan's strongly connected components). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('module graph', () => {
  it('finds a cycle through three modules and none in a chain', () => {
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toEqual([]);
  });

  it('leaves out type-only imports', () => {
    const text = [
      "import type { A } from './a';",
      "import { type B } from './b';",
      "import { c, type C } from './c';",
      "export { d } from './d';",
      "export type { E } from './e';",
    ].join('\n');
    expect(runtimeImports('/x/y.ts', text).map((p) => path.basename(p))).toEqual(['c', 'd']);
  });

  it('has no run-time import cycle in the server, the shared code or the web app', () => {
    const files = sourceFiles(ROOT);
    const graph = new Map(files.map((file) => [file, runtimeImports(file)]));
    const cycles = cyclesOf(graph).map((cycle) => cycle.map((file) => path.relative(ROOT, file)));
    expect(cycles).toEqual([]);
  });

  it('finds query builders and the sql tag, and nothing in comments or types', () => {
    const text = [
      "import { sql } from 'kysely';",
      "import type { Kysely } from 'kysely';",
      '// db.selectFrom(x) in a comment',
      "const rows = await db.selectFrom('users').selectAll().execute();",
      "await tx.db.updateTable('peers').set({}).execute();",
    ].join('\n');
    expect(sqlOutsideRepositories('/x/y.ts', text)).toEqual(['imports sql from kysely', 'selectFrom at line 4', 'updateTable at line 5']);
  });

  it('has SQL only in src/server/db (the CLI and the web app included)', () => {
    const offenders = sourceFiles(ROOT)
      .filter((file) => !file.startsWith(path.join(ROOT, 'server', 'db') + path.sep))
      .flatMap((file) => sqlOutsideRepositories(file).map((where) => `${path.relative(ROOT, file)}: ${where}`));
    expect(offenders).toEqual([]);
  });
});
