/**
 * Joint training's STIX face: exercises, busy blocks and observations as Concord object types,
 * declared by extension definitions (stix-vocab.ts), each published with a version per change by
 * the node of the nation that writes it — an exercise by its lead's, a busy block by its nation's
 * (drafts never), an observation by its nation's.
 */
import { z } from 'zod';
import { venueSchema } from '../../../shared/contracts/dialogue';
import { objectiveSchema, unitSchema } from '../../../shared/contracts/training';
import {
  BUSY_BLOCK_STATUSES,
  EXERCISE_KINDS,
  EXERCISE_STATUSES,
  MILESTONE_KINDS,
  OBSERVATION_STAGES,
} from '../../../shared/vocab/training';
import { concordObjectTop, EXERCISE_TYPE } from '../hotline/hotline-stix';
import { EXTENSIONS } from '../stix/stix-vocab';
import { orNull } from '../stix/stix-omit-empty';
import type { Label } from '../../../shared/labels/label';
import type { BusyBlocksTable, ExercisesTable, ObservationsTable } from '../../db/schema';
import type { Selectable } from 'kysely';
import type { StixObject } from '../stix/stix-export';

export { EXERCISE_TYPE };
export const BUSY_BLOCK_TYPE = 'x-concord-busy-block';
export const OBSERVATION_TYPE = 'x-concord-observation';

const iso = (value: Date | string) => new Date(value).toISOString();
const dateTime = z.iso.datetime({ offset: true });
const nation = z.string().regex(/^[A-Z]{3}$/);
const version = z.number().int().min(1);

export const exerciseExtensionSchema = z.object({
  version,
  title: z.string().min(1).max(200),
  kind: z.enum(EXERCISE_KINDS),
  status: z.enum(EXERCISE_STATUSES),
  summary: z.string().max(10_000).default(''),
  venue: venueSchema,
  time_zone: z.string().min(1).max(64),
  starts_at: dateTime,
  ends_at: dateTime,
  participants: z.array(nation).min(1).max(64),
  units: z.array(unitSchema).max(200).default([]),
  resources: z.array(z.string().min(1).max(200)).max(100).default([]),
  objectives: z.array(objectiveSchema).max(50).default([]),
  training_audience: z.string().max(2_000).default(''),
  milestones: z
    .array(
      z.object({
        id: z.uuid(),
        kind: z.enum(MILESTONE_KINDS),
        starts_at: dateTime,
        ends_at: dateTime,
        title: z.string().max(200).default(''),
        meeting_id: orNull(z.uuid()),
      }),
    )
    .max(50)
    .default([]),
  /** The run, from the control panel (absent before it starts): partners see it running, paused, ended. */
  run: z
    .object({
      started_at: dateTime,
      paused_at: orNull(dateTime),
      paused_ms: z.number().int().min(0),
      ended_at: orNull(dateTime),
    })
    .optional(),
  created_at: dateTime,
});

export const busyBlockExtensionSchema = z.object({
  version,
  title: z.string().min(1).max(200),
  unit: orNull(z.string().min(1).max(200)),
  all_day: z.boolean(),
  starts_at: dateTime,
  ends_at: dateTime,
  time_zone: z.string().min(1).max(64),
  status: z.enum(BUSY_BLOCK_STATUSES).exclude(['draft']),
  created_at: dateTime,
});

export const observationExtensionSchema = z.object({
  version,
  exercise_ref: z.string().startsWith(`${EXERCISE_TYPE}--`),
  title: z.string().min(1).max(200),
  observation: z.string().min(1).max(4_000),
  discussion: z.string().max(4_000).default(''),
  conclusion: z.string().max(4_000).default(''),
  recommendation: z.string().max(4_000).default(''),
  objective: orNull(z.number().int().min(0).max(49)),
  stage: z.enum(OBSERVATION_STAGES),
  created_at: dateTime,
});

const top = (type: string, id: string, created: Date | string, label: Label, modified: Date | string) =>
  concordObjectTop(type, id, created, label, label.originator.org, modified);

export function exerciseObject(row: Selectable<ExercisesTable>, label: Label): StixObject {
  return {
    ...top(EXERCISE_TYPE, row.id, row.created_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.exercise]: {
        extension_type: 'new-sdo',
        version: row.version,
        title: row.title,
        kind: row.kind,
        status: row.status,
        summary: row.summary,
        venue: row.venue,
        time_zone: row.time_zone,
        starts_at: iso(row.starts_at),
        ends_at: iso(row.ends_at),
        participants: row.participants,
        units: row.units,
        resources: row.resources,
        objectives: row.objectives,
        training_audience: row.training_audience,
        milestones: row.milestones,
        ...(row.run_started_at
          ? {
              run: {
                started_at: iso(row.run_started_at),
                paused_at: row.run_paused_at ? iso(row.run_paused_at) : null,
                paused_ms: Number(row.run_paused_ms),
                ended_at: row.run_ended_at ? iso(row.run_ended_at) : null,
              },
            }
          : {}),
        created_at: iso(row.created_at),
      },
    },
  };
}

export function busyBlockObject(row: Selectable<BusyBlocksTable>, label: Label): StixObject {
  return {
    ...top(BUSY_BLOCK_TYPE, row.id, row.created_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.busyBlock]: {
        extension_type: 'new-sdo',
        version: row.version,
        title: row.title,
        unit: row.unit,
        all_day: row.all_day,
        starts_at: iso(row.starts_at),
        ends_at: iso(row.ends_at),
        time_zone: row.time_zone,
        status: row.status,
        created_at: iso(row.created_at),
      },
    },
  };
}

export function observationObject(row: Selectable<ObservationsTable>, label: Label): StixObject {
  return {
    ...top(OBSERVATION_TYPE, row.id, row.created_at, label, row.updated_at),
    name: row.title,
    extensions: {
      [EXTENSIONS.observation]: {
        extension_type: 'new-sdo',
        version: row.version,
        exercise_ref: `${EXERCISE_TYPE}--${row.exercise_id}`,
        title: row.title,
        observation: row.observation,
        discussion: row.discussion,
        conclusion: row.conclusion,
        recommendation: row.recommendation,
        objective: row.objective,
        stage: row.stage,
        created_at: iso(row.created_at),
      },
    },
  };
}
