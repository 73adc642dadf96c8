/**
 * STIX 2.1 forbids null property values and empty lists, at the top level and inside extensions
 * (validators refuse both): what is unknown or empty is left out. Every object Concord builds for
 * the outside passes through here, so no builder has to remember it; readers take a missing
 * property as null, a missing list as empty.
 */
import { z } from 'zod';

/** What a reader takes for a property left out: null. */
export const orNull = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);
/** What a reader takes for a list of strings left out: an empty list. */
export const stringList = () => z.array(z.string()).default([]);

/** The value without null properties, empty lists and the objects left empty by their removal. */
export function omitEmpty<T>(value: T): T {
  return prune(value) as T;
}

function prune(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item) => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (value === null) return undefined;
  if (typeof value !== 'object' || value instanceof Date) return value;
  const entries = Object.entries(value).flatMap(([key, item]) => {
    const kept = prune(item);
    return kept === undefined ? [] : [[key, kept] as const];
  });
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
