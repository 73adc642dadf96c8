/**
 * What changed between two versions of a record, field by field: long text as words added and
 * removed (jsdiff), everything else as before → after. Works on whatever content the server
 * gave the reader, so a field it left out can never show up here.
 */
import { diffWords } from 'diff';

export type WordPart = { text: string; added: boolean; removed: boolean };

export type FieldChange =
  { field: string; kind: 'words'; parts: WordPart[] } | { field: string; kind: 'value'; before: unknown; after: unknown };

/** Free text whose changes read best as words added and removed. */
const WORD_FIELDS = new Set(['title', 'narrative', 'description', 'name']);

/** Fields shown first, in the order a reader of an incident expects them; the rest follow by name. */
const ORDER = ['title', 'narrative', 'domain', 'subtype', 'occurredAt', 'timePrecision', 'place', 'casualties', 'releaseState'];

/** A casualty count (`{ kind: ... }`) is one value, not a group of fields. */
const isLeaf = (value: unknown): boolean =>
  value === null || typeof value !== 'object' || Array.isArray(value) || 'kind' in (value as Record<string, unknown>);

/** `{ place: { country } }` → `place.country`; nothing is missing vs null vs empty text: all are "none". */
export function flattenContent(content: Record<string, unknown>, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(content)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isLeaf(value)) out.set(path, value === '' || value === undefined ? null : value);
    else flattenContent(value as Record<string, unknown>, path, out);
  }
  return out;
}

const rank = (field: string) => {
  const top = ORDER.indexOf(field.split('.')[0] ?? field);
  return top === -1 ? ORDER.length : top;
};

const segmenter = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'word' }) : undefined;

/** Words removed and added from `before` to `after` (a clause and its amendment, say). */
export const wordDiff = (before: string, after: string): WordPart[] =>
  diffWords(before, after, segmenter ? { intlSegmenter: segmenter } : {}).map((p) => ({
    text: p.value,
    added: p.added,
    removed: p.removed,
  }));

export function fieldChanges(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const a = flattenContent(before);
  const b = flattenContent(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])]
    .filter((field) => JSON.stringify(a.get(field) ?? null) !== JSON.stringify(b.get(field) ?? null))
    .sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
  return fields.map((field): FieldChange => {
    const old = a.get(field) ?? null;
    const now = b.get(field) ?? null;
    if (WORD_FIELDS.has(field) && (typeof old === 'string' || old === null) && (typeof now === 'string' || now === null)) {
      return { field, kind: 'words', parts: wordDiff(old ?? '', now ?? '') };
    }
    return { field, kind: 'value', before: old, after: now };
  });
}
