/**
 * A list of strings as one `text[]` parameter: `= any(…)` with it binds and plans once, where
 * `in (…)` of a page's thousands of ids binds each as a parameter of its own.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

export const textArray = (values: readonly string[]): RawBuilder<string[]> => sql<string[]>`cast(${sql.val(values)} as text[])`;

/** `column = anyText(values)`: the column is one of `values`. */
export const anyText = (values: readonly string[]): RawBuilder<string> => sql<string>`any(${textArray(values)})`;
