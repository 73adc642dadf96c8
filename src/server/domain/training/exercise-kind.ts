/**
 * Exercises, busy blocks and observations in the registry (records/registry.ts): an exercise
 * published by its lead's node, a busy block by its nation's (never as a draft), an observation by
 * its nation's (read through its exercise); all received from peers.
 */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { EXTENSIONS } from '../stix/stix-vocab';
import { changedIds } from '../records/record-kind';
import { applyBusyBlock, applyExercise, applyObservation } from './training-from-peers';
import { BUSY_BLOCK_TYPE, EXERCISE_TYPE, OBSERVATION_TYPE, busyBlockObject, exerciseObject, observationObject } from './training-stix';
import type { RecordKind } from '../records/record-kind';

export const exerciseKind = {
  stix: {
    types: [EXERCISE_TYPE],
    extension: EXTENSIONS.exercise,
    definition: {
      name: 'Concord exercise (x-concord-exercise)',
      description:
        'An exercise of joint training led by one nation: title, kind, status, venue (a place, or distributed) and its time zone, STARTEX and ENDEX, the nations and units taking part, key resources, objectives, training audience and planning milestones.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.ownExercises(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'exercise', id: row.id, version: row.version, modified: row.updated_at, label, object: exerciseObject(row, label) };
    }),
  fromPeer: { apply: applyExercise },
} satisfies RecordKind;

export const busyBlockKind = {
  stix: {
    types: [BUSY_BLOCK_TYPE],
    extension: EXTENSIONS.busyBlock,
    definition: {
      name: 'Concord busy block (x-concord-busy-block)',
      description:
        'A nation’s word that one of its units, or the nation as a whole, is busy from one time to another (whole days in a time zone, or two instants), published or withdrawn, saying nothing of why.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.busyBlocks(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return { kind: 'busy-block', id: row.id, version: row.version, modified: row.updated_at, label, object: busyBlockObject(row, label) };
    }),
  fromPeer: { apply: applyBusyBlock },
} satisfies RecordKind;

export const observationKind = {
  stix: {
    types: [OBSERVATION_TYPE],
    extension: EXTENSIONS.observation,
    definition: {
      name: 'Concord observation (x-concord-observation)',
      description:
        'A participating nation’s observation of an exercise — what was observed, the discussion, the conclusion, the recommendation, the objective it concerns — and how far it has come: observation, lesson identified, lesson learned. Its actions are commitments naming it as their source.',
      type: 'new-sdo',
    },
  },
  publish: async (objects, changes) =>
    (await objects.observations(changedIds(changes))).map((row) => {
      const label = labelFromColumns(row);
      return {
        kind: 'observation',
        id: row.id,
        version: row.version,
        modified: row.updated_at,
        label,
        object: observationObject(row, label),
      };
    }),
  fromPeer: { apply: applyObservation },
} satisfies RecordKind;
