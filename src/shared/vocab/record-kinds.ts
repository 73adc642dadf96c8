/**
 * Kinds of record read through a parent: a record of such a kind is readable only where its own
 * label and its parent's current label both pass (docs/RELEASABILITY.md, "Read through a parent").
 * The kind named is the parent's; src/server/db/repositories/sql/read-through.ts holds the tables.
 */
export const PARENT_KIND: Readonly<Partial<Record<string, string>>> = {
  'crisis-entry': 'crisis',
};

export const isReadThroughParent = (kind: string): boolean => PARENT_KIND[kind] !== undefined;
