/**
 * Crisis rooms' STIX face: a crisis and the entries of its log as Concord object types, declared by
 * extension definitions (stix-vocab.ts). A crisis has a version per change (declared, closed); an
 * entry travels once, as written — where a request, offer or task stands is not part of it but
 * follows from the update entries that move it, which every node replays in log order.
 */
import { z } from 'zod';
import { sitrepSchema } from '../../../shared/contracts/crises';
import { CRISIS_ENTRY_KINDS, ENTRY_ACTIONS } from '../../../shared/vocab/crisis';
import { ALERT_TYPE, concordObjectTop, EXERCISE_TYPE } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { orNull } from '../stix/stix-omit-empty';
import type { Label } from '../../../shared/labels/label';
import type { CrisesTable, CrisisEntriesTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export const CRISIS_TYPE = 'x-concord-crisis';
export const CRISIS_ENTRY_TYPE = 'x-concord-crisis-entry';

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));
const dateTime = z.iso.datetime({ offset: true });
const text = (max: number) => z.string().max(max);

export const crisisExtensionSchema = z.object({
  version: z.number().int().min(1),
  title: z.string().min(1).max(200),
  summary: text(10_000),
  exercise: z.boolean(),
  /** The exercise whose inject opened it (absent: none). */
  exercise_ref: z.string().startsWith(`${EXERCISE_TYPE}--`).optional(),
  status: z.enum(['open', 'closed']),
  alert_ref: orNull(z.string().startsWith(`${ALERT_TYPE}--`)),
  declared_at: dateTime,
  closed_at: orNull(dateTime),
  closing_summary: orNull(text(10_000)),
  lessons: orNull(text(10_000)),
});

/** What each kind of entry says (as stored in `crisis_entries.content`). */
export const ENTRY_CONTENT_SCHEMAS = {
  log: z.object({ text: z.string().min(1).max(10_000) }),
  sitrep: sitrepSchema,
  request: z.object({ what: z.string().min(1).max(2_000), quantity: text(200), neededBy: orNull(dateTime) }),
  offer: z.object({ what: z.string().min(1).max(2_000), availableFrom: orNull(dateTime) }),
  task: z.object({ title: z.string().min(1).max(200), details: text(10_000) }),
  update: z.object({ action: z.enum(ENTRY_ACTIONS), note: text(2_000).optional() }),
} as const;

const uuidRef = (type: string) => z.string().startsWith(`${type}--`);
export const crisisEntryExtensionSchema = z.object({
  crisis_ref: uuidRef(CRISIS_TYPE),
  kind: z.enum(CRISIS_ENTRY_KINDS),
  content: z.record(z.string(), z.unknown()),
  subject_ref: orNull(uuidRef(CRISIS_ENTRY_TYPE)),
  request_ref: orNull(uuidRef(CRISIS_ENTRY_TYPE)),
  requester_nation: orNull(z.string().regex(/^[A-Z]{3}$/)),
  owner_nation: orNull(z.string().regex(/^[A-Z]{3}$/)),
  owner_user: orNull(z.uuid()),
  deadline: orNull(dateTime),
  entered_at: dateTime,
});

export function crisisObject(crisis: Selectable<CrisesTable>, label: Label): StixObject {
  return {
    ...concordObjectTop(CRISIS_TYPE, crisis.id, crisis.declared_at, label, label.originator.org, crisis.closed_at ?? crisis.declared_at),
    name: crisis.title,
    extensions: {
      [EXTENSIONS.crisis]: {
        extension_type: 'new-sdo',
        version: crisis.version,
        title: crisis.title,
        summary: crisis.summary,
        exercise: crisis.exercise,
        ...(crisis.exercise_id ? { exercise_ref: `${EXERCISE_TYPE}--${crisis.exercise_id}` } : {}),
        status: crisis.status,
        alert_ref: crisis.alert_id ? `${ALERT_TYPE}--${crisis.alert_id}` : null,
        declared_at: iso(crisis.declared_at),
        closed_at: isoOrNull(crisis.closed_at),
        closing_summary: crisis.closing_summary,
        lessons: crisis.lessons,
      },
    },
  };
}

/** The date-times in each kind of entry's content: STIX timestamps are UTC with Z, whatever offset they were written with. */
const CONTENT_TIMES: Partial<Record<string, string[]>> = { sitrep: ['asOf'], request: ['neededBy'], offer: ['availableFrom'] };

function stixContent(kind: string, stored: unknown): unknown {
  const content = typeof stored === 'string' ? (JSON.parse(stored) as unknown) : stored;
  const times = CONTENT_TIMES[kind] ?? [];
  if (typeof content !== 'object' || content === null) return content;
  return Object.fromEntries(
    Object.entries(content).map(([key, value]) => [key, times.includes(key) && typeof value === 'string' ? iso(value) : value]),
  );
}

/** An entry as written (version 1): where it stands later follows from its update entries. */
export function crisisEntryObject(entry: Selectable<CrisisEntriesTable>, requesterNation: string | null, label: Label): StixObject {
  const ref = (id: string | null) => (id ? `${CRISIS_ENTRY_TYPE}--${id}` : null);
  return {
    ...concordObjectTop(CRISIS_ENTRY_TYPE, entry.id, entry.entered_at, label, label.originator.org),
    extensions: {
      [EXTENSIONS.crisisEntry]: {
        extension_type: 'new-sdo',
        crisis_ref: `${CRISIS_TYPE}--${entry.crisis_id}`,
        kind: entry.kind,
        content: stixContent(entry.kind, entry.content),
        subject_ref: ref(entry.subject_id),
        request_ref: ref(entry.request_id),
        requester_nation: requesterNation,
        owner_nation: entry.owner_nation,
        owner_user: entry.kind === 'task' && entry.version === 1 ? entry.owner_user : null,
        deadline: isoOrNull(entry.deadline),
        entered_at: iso(entry.entered_at),
      },
    },
  };
}
