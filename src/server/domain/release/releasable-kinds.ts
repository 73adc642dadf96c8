/**
 * The kinds with the release workflow (drafts, release, recall), each with its storage for the
 * workflow and the path of its collection in the API. The release queue, the recall routes and
 * the CLI's recall take them from here: such a kind is one entry.
 */
import { actorRecords } from '../actors/actor-service';
import { recallRecord } from '../federation/recall-service';
import { incidentRecords } from '../incidents/incident-service';
import { indicatorRecords } from '../indicators/indicator-service';
import type { ReleasableKind } from '../../../shared/contracts/release-queue';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { ReleasableRecords, ReleasableRow } from './release-workflow';

export const RELEASABLE: Readonly<Record<ReleasableKind, { records: ReleasableRecords<ReleasableRow>; collection: string }>> = {
  incident: { records: incidentRecords as unknown as ReleasableRecords<ReleasableRow>, collection: 'incidents' },
  actor: { records: actorRecords as unknown as ReleasableRecords<ReleasableRow>, collection: 'actors' },
  indicator: { records: indicatorRecords as unknown as ReleasableRecords<ReleasableRow>, collection: 'indicators' },
};

/** Recalls a record of `kind` (releasing officers of its originating organisation). */
export const recallOf = (kind: ReleasableKind) => (ctx: Context, actor: UserActor, id: string, reason: string) =>
  recallRecord(ctx, actor, RELEASABLE[kind].records, id, reason);
