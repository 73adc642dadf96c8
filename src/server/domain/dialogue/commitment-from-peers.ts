/**
 * How a peer's commitments and progress reports are received (after meetings, in registry order).
 * A commitment is its meeting's host's, written on the host's node; a report is an owner nation's,
 * from its own node. Records arrive in any order — a report may reach a third node before its
 * commitment does — so one whose commitment or meeting is not here yet is kept (read by no one
 * until they arrive: it is read through them), and whoever wrote it is checked again wherever it
 * is read (commitment-repository.ts).
 */
import { labelToColumns } from '../../../shared/labels/label-columns';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { EXTENSIONS } from '../stix/stix-vocab';
import { checkedUuidOf, extension } from '../federation/received';
import { reject } from '../federation/rejected';
import { applyChild } from './dialogue-from-peers';
import { commitmentExtensionSchema, commitmentReportExtensionSchema } from './commitment-stix';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { DB } from '../../db/schema';
import type { Received } from '../federation/received';
import type { PeerRow } from '../federation/peer-service';

/** How far ahead of this node's clock a partner's report may be dated (clocks kept on NTP). */
const CLOCK_SKEW_MS = 5 * 60_000;

export async function applyCommitment(ctx: Context, db: Kysely<DB>, peer: PeerRow, object: Received, dateAdded: Date): Promise<boolean> {
  const commitment = extension(object.object, EXTENSIONS.commitment, commitmentExtensionSchema, 'commitment');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(commitment.meeting_ref);
  const meeting = await meetingRepository(db).forUpdate(meetingId);
  if (meeting && commitment.owner_nations.some((n) => !meeting.participants.includes(n)))
    return reject(`commitment ${id}: its owners are not all the meeting's nations`);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'commitment',
    meetingId,
    version: commitment.version,
    writer: 'host',
    write: async (_repo, isNew, author) => {
      const repo = commitmentRepository(db);
      const row = {
        version: commitment.version,
        text: commitment.text,
        owner_nations: [...new Set(commitment.owner_nations)].sort(),
        due_on: commitment.due_on,
        source: commitment.source ? JSON.stringify(commitment.source) : null,
        updated_by: author,
        updated_at: new Date(commitment.updated_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insert({ id, meeting_id: meetingId, ...row, created_by: author, created_at: new Date(commitment.created_at) });
      else await repo.update(id, row);
    },
  });
}

export async function applyCommitmentReport(
  ctx: Context,
  db: Kysely<DB>,
  peer: PeerRow,
  object: Received,
  dateAdded: Date,
): Promise<boolean> {
  const report = extension(object.object, EXTENSIONS.commitmentReport, commitmentReportExtensionSchema, 'commitment report');
  const id = checkedUuidOf(object.stixId);
  const meetingId = checkedUuidOf(report.meeting_ref);
  const commitmentId = checkedUuidOf(report.commitment_ref);
  // A report is written once: a later version would rewrite what a nation said.
  if (report.version !== 1) return reject(`commitment report ${id}: reports are never rewritten (version ${report.version})`);
  // Where a commitment stands is its latest report: one dated ahead of this node's clock would hold that place for good.
  if (Date.parse(report.reported_at) > ctx.clock.now().getTime() + CLOCK_SKEW_MS)
    return reject(`commitment report ${id}: dated ${report.reported_at}, ahead of this node's clock`);
  // Locked in the order every write takes them: the meeting, then the commitment.
  await meetingRepository(db).forUpdate(meetingId);
  const commitment = await commitmentRepository(db).heldForUpdate(commitmentId);
  if (commitment && (commitment.meeting_id !== meetingId || !commitment.owner_nations.includes(peer.nation)))
    return reject(`commitment report ${id}: ${peer.nation} does not own commitment ${commitmentId} of meeting ${meetingId}`);
  return applyChild(ctx, db, peer, object, dateAdded, {
    kind: 'commitment-report',
    meetingId,
    version: report.version,
    writer: 'participant',
    write: async (_repo, isNew, author) => {
      const repo = commitmentRepository(db);
      const row = {
        version: report.version,
        status: report.status,
        text: report.text,
        evidence: JSON.stringify(report.evidence),
        reported_by: author,
        reported_at: new Date(report.reported_at),
        ...labelToColumns(object.label),
      };
      if (isNew) await repo.insertReport({ id, commitment_id: commitmentId, meeting_id: meetingId, ...row });
      else await repo.updateReport(id, row);
    },
  });
}
