/**
 * Joint statements' STIX face: a statement (the host's, published by its node) and each nation's
 * word on it (published by that nation's node) as Concord object types, declared by extension
 * definitions (stix-vocab.ts). The nation's positions and words travel with the signatures its node
 * gave them, so the host — and anyone holding the adopted document — checks them against that
 * node's key.
 */
import { z } from 'zod';
import {
  clauseSchema,
  decisionSchema,
  entrySchema,
  procedureSchema,
  silenceSchema,
  STATEMENT_LANGUAGES,
  statementDocumentSchema,
  translationSchema,
} from '../../../shared/contracts/statements';
import { STATEMENT_STATUSES } from '../../../shared/vocab/dialogue';
import { concordObjectTop } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { orNull } from '../stix/stix-omit-empty';
import { MEETING_TYPE } from './dialogue-stix';
import type { Label } from '../../../shared/labels/label';
import type { StatementPositionsTable, StatementsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export const STATEMENT_TYPE = 'x-concord-statement';
export const STATEMENT_POSITION_TYPE = 'x-concord-statement-position';

const iso = (value: Date | string) => new Date(value).toISOString();
const dateTime = z.iso.datetime({ offset: true });
const version = z.number().int().min(1);
const refTo = (type: string) => z.string().startsWith(`${type}--`);

export const statementExtensionSchema = z.object({
  version,
  meeting_ref: refTo(MEETING_TYPE),
  title: z.string().min(1).max(300),
  preamble: z.string().max(10_000).default(''),
  clauses: z.array(clauseSchema).max(500).default([]),
  text_version: version,
  status: z.enum(STATEMENT_STATUSES),
  silence: orNull(silenceSchema),
  procedure: procedureSchema.default({ waitingFor: [], broken: null }),
  decisions: z.array(decisionSchema).max(5_000).default([]),
  adopted: orNull(statementDocumentSchema),
  language: z.enum(STATEMENT_LANGUAGES).default('en'),
  participants: z
    .array(z.string().regex(/^[A-Z]{3}$/))
    .min(1)
    .max(64),
  translations: z.array(translationSchema).max(STATEMENT_LANGUAGES.length).default([]),
  public_at: orNull(dateTime),
  /** Minutes put to adoption: the agenda item whose minutes each clause carries. */
  minutes_of: orNull(z.array(z.object({ clauseId: z.string().max(100), agendaItemId: z.uuid() })).max(500)),
  created_at: dateTime,
  updated_at: dateTime,
});

export const statementPositionExtensionSchema = z.object({
  version,
  statement_ref: refTo(STATEMENT_TYPE),
  meeting_ref: refTo(MEETING_TYPE),
  entries: z.array(entrySchema).max(20_000).default([]),
  updated_at: dateTime,
});

const top = (type: string, id: string, created: Date | string, label: Label, modified: Date | string) =>
  concordObjectTop(type, id, created, label, label.originator.org, modified);

export function statementObject(row: Selectable<StatementsTable>, label: Label): StixObject {
  return {
    ...top(STATEMENT_TYPE, row.id, row.created_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.statement]: {
        extension_type: 'new-sdo',
        version: row.version,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        title: row.title,
        preamble: row.preamble,
        clauses: row.clauses,
        text_version: row.text_version,
        status: row.status,
        silence: row.silence,
        procedure: row.procedure,
        decisions: row.decisions,
        adopted: row.adopted,
        language: row.language,
        participants: row.participants,
        translations: row.translations,
        public_at: row.public_at ? iso(row.public_at) : null,
        minutes_of: row.minutes_of,
        created_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      },
    },
  };
}

export function statementPositionObject(row: Selectable<StatementPositionsTable>, label: Label): StixObject {
  return {
    ...top(STATEMENT_POSITION_TYPE, row.id, row.updated_at, label, row.updated_at),
    extensions: {
      [EXTENSIONS.statementPosition]: {
        extension_type: 'new-sdo',
        version: row.version,
        statement_ref: `${STATEMENT_TYPE}--${row.statement_id}`,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        entries: row.entries,
        updated_at: iso(row.updated_at),
      },
    },
  };
}
