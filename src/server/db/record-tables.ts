/**
 * Where each labelled kind of record lives: its table (which carries the label columns), whether
 * it has the release workflow (drafts, release, recall, replicas from peers, STIX import), and for
 * a kind read through a parent, the parent's kind and the column naming it. The repositories take
 * their tables from here; a new labelled kind is one line.
 * (A desk carries no label of its own: it is read by its nation's, and is not listed.)
 */
import type { DB } from './schema';
import type { LabelledKind as Kind } from '../../shared/vocab/record-kinds';

interface RecordTable {
  table: keyof DB;
  /** Drafts released by an officer, recalled, replicated and imported (the shared picture). */
  releasable?: true;
  /** Read through this parent: readable only where the parent is too. */
  parent?: { kind: string; key: string };
}

export const RECORD_TABLES = {
  note: { table: 'notes' },
  incident: { table: 'incidents', releasable: true },
  actor: { table: 'actors', releasable: true },
  indicator: { table: 'indicators', releasable: true },
  alert: { table: 'alerts' },
  'alert-response': { table: 'alert_responses' },
  crisis: { table: 'crises' },
  'crisis-entry': { table: 'crisis_entries', parent: { kind: 'crisis', key: 'crisis_id' } },
  meeting: { table: 'meetings' },
  'meeting-answer': { table: 'meeting_answers', parent: { kind: 'meeting', key: 'meeting_id' } },
  delegation: { table: 'delegations', parent: { kind: 'meeting', key: 'meeting_id' } },
  'agenda-item': { table: 'agenda_items', parent: { kind: 'meeting', key: 'meeting_id' } },
  minutes: { table: 'minutes', parent: { kind: 'agenda-item', key: 'agenda_item_id' } },
  'agenda-attachment': { table: 'agenda_attachments', parent: { kind: 'agenda-item', key: 'agenda_item_id' } },
  statement: { table: 'statements', parent: { kind: 'meeting', key: 'meeting_id' } },
  'statement-position': { table: 'statement_positions', parent: { kind: 'statement', key: 'statement_id' } },
  commitment: { table: 'commitments', parent: { kind: 'meeting', key: 'meeting_id' } },
  'commitment-report': { table: 'commitment_reports', parent: { kind: 'commitment', key: 'commitment_id' } },
  exercise: { table: 'exercises' },
  'busy-block': { table: 'busy_blocks' },
  observation: { table: 'observations', parent: { kind: 'exercise', key: 'exercise_id' } },
} as const satisfies Record<Kind, RecordTable>;

type Tables = typeof RECORD_TABLES;
export type LabelledKind = keyof Tables;
export type ReleasableKind = { [K in LabelledKind]: Tables[K] extends { releasable: true } ? K : never }[LabelledKind];

const entries = Object.entries(RECORD_TABLES) as [LabelledKind, RecordTable][];

/** Every labelled kind's table. */
export const LABELLED_TABLES = Object.fromEntries(entries.map(([kind, t]) => [kind, t.table])) as {
  [K in LabelledKind]: Tables[K]['table'];
};

/** The tables of the kinds with the release workflow. */
export const RELEASABLE_TABLES = Object.fromEntries(entries.filter(([, t]) => t.releasable).map(([kind, t]) => [kind, t.table])) as {
  [K in ReleasableKind]: Tables[K]['table'];
};

export const RELEASABLE_KINDS = Object.keys(RELEASABLE_TABLES) as ReleasableKind[];
