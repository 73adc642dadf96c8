/**
 * The kinds of record that carry a label (a desk is read by its nation's and carries none). The
 * server keeps each one's table (src/server/db/record-tables.ts) and the web app what each one's
 * change makes stale (src/web/api/live.ts), both keyed by this list: a new kind that one of them
 * forgets does not compile.
 */
export const LABELLED_KINDS = [
  'note',
  'incident',
  'actor',
  'indicator',
  'alert',
  'alert-response',
  'crisis',
  'crisis-entry',
  'meeting',
  'meeting-answer',
  'delegation',
  'agenda-item',
  'minutes',
  'agenda-attachment',
  'statement',
  'statement-position',
  'commitment',
  'commitment-report',
  'exercise',
  'busy-block',
  'observation',
] as const;
export type LabelledKind = (typeof LABELLED_KINDS)[number];

/**
 * Kinds of record read through a parent: a record of such a kind is readable only where its own
 * label and its parent's current label both pass, and its parent's parent's in turn where the
 * parent is read through one (docs/RELEASABILITY.md, "Read through a parent"). The kind named is
 * the parent's; src/server/db/record-tables.ts holds the tables, and the rule itself adds the
 * parents' checks (`recordRule` in src/shared/labels/read-rule.ts). The chains have no loops (a
 * test holds it so).
 */
export const PARENT_KIND: Readonly<Partial<Record<string, LabelledKind>>> = {
  'crisis-entry': 'crisis',
  'meeting-answer': 'meeting',
  delegation: 'meeting',
  'agenda-item': 'meeting',
  minutes: 'agenda-item',
  'agenda-attachment': 'agenda-item',
  statement: 'meeting',
  'statement-position': 'statement',
  commitment: 'meeting',
  'commitment-report': 'commitment',
  observation: 'exercise',
};

/** The kinds a record of `kind` is read through, nearest first (its parent, the parent's parent, …). */
export function parentKindsOf(kind: string): LabelledKind[] {
  const chain: LabelledKind[] = [];
  for (let at = kind; Object.hasOwn(PARENT_KIND, at);) {
    const parent = PARENT_KIND[at]!;
    if (chain.includes(parent) || parent === kind) throw new Error(`the parents of ${kind} go round in a loop`);
    chain.push(parent);
    at = parent;
  }
  return chain;
}

/** Whether records of `kind` are read through a parent (own keys only: `constructor` is no kind). */
export const isReadThroughParent = (kind: string): boolean => Object.hasOwn(PARENT_KIND, kind);
