/**
 * Commitments' STIX face: a commitment (the meeting host's) and an owner nation's progress report
 * (that nation's) as Concord object types, declared by extension definitions (stix-vocab.ts), each
 * published by the node of the nation that writes it.
 */
import { z } from 'zod';
import { COMMITMENT_STATUSES, EVIDENCE_KINDS } from '../../../shared/vocab/dialogue';
import { concordObjectTop } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { MEETING_TYPE } from './dialogue-stix';
import type { Label } from '../../../shared/labels/label';
import type { CommitmentReportsTable, CommitmentsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export const COMMITMENT_TYPE = 'x-concord-commitment';
export const COMMITMENT_REPORT_TYPE = 'x-concord-commitment-report';

const iso = (value: Date | string) => new Date(value).toISOString();
const dateTime = z.iso.datetime({ offset: true });
const nation = z.string().regex(/^[A-Z]{3}$/);
const refTo = (type: string) => z.string().startsWith(`${type}--`);
const version = z.number().int().min(1);
const uuid = z.uuid();

export const commitmentExtensionSchema = z.object({
  version,
  meeting_ref: refTo(MEETING_TYPE),
  text: z.string().min(1).max(4_000),
  owner_nations: z.array(nation).min(1).max(64),
  due_on: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  source: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('statement'), id: uuid, clauseId: z.string().max(100).optional() }),
      z.object({ kind: z.literal('minutes'), id: uuid }),
      z.object({ kind: z.literal('observation'), id: uuid }),
    ])
    .nullable()
    .default(null),
  created_at: dateTime,
  updated_at: dateTime,
});

export const commitmentReportExtensionSchema = z.object({
  version,
  commitment_ref: refTo(COMMITMENT_TYPE),
  meeting_ref: refTo(MEETING_TYPE),
  status: z.enum(COMMITMENT_STATUSES),
  text: z.string().min(1).max(4_000),
  evidence: z
    .array(z.object({ kind: z.enum(EVIDENCE_KINDS), id: uuid }))
    .max(20)
    .default([]),
  reported_at: dateTime,
});

const top = (type: string, id: string, created: Date | string, label: Label, modified: Date | string) =>
  concordObjectTop(type, id, created, label, label.originator.org, modified);

export function commitmentObject(row: Selectable<CommitmentsTable>, label: Label): StixObject {
  return {
    ...top(COMMITMENT_TYPE, row.id, row.created_at, label, row.updated_at),
    extensions: {
      [EXTENSIONS.commitment]: {
        extension_type: 'new-sdo',
        version: row.version,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        text: row.text,
        owner_nations: row.owner_nations,
        due_on: row.due_on,
        source: row.source,
        created_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      },
    },
  };
}

export function commitmentReportObject(row: Selectable<CommitmentReportsTable>, label: Label): StixObject {
  return {
    ...top(COMMITMENT_REPORT_TYPE, row.id, row.reported_at, label, row.reported_at),
    extensions: {
      [EXTENSIONS.commitmentReport]: {
        extension_type: 'new-sdo',
        version: row.version,
        commitment_ref: `${COMMITMENT_TYPE}--${row.commitment_id}`,
        meeting_ref: `${MEETING_TYPE}--${row.meeting_id}`,
        status: row.status,
        text: row.text,
        evidence: row.evidence,
        reported_at: iso(row.reported_at),
      },
    },
  };
}
