/**
 * Commitments: what a meeting's joint statement or minutes commit nations to. A commitment is a
 * labelled record of the meeting's host, written by its organisers on the host's node and read
 * through the meeting; its label must release it to every owner nation. Each owner nation reports
 * progress — a status, what was done, evidence (links to records the reporter may read) — in
 * reports of its own, read through the commitment. Where a commitment stands is its latest report
 * the reader may read; none yet: planned. Dates are calendar dates, and a commitment is overdue
 * from the day after its due date (UTC) while it is neither done nor dropped.
 */
import { labelFromColumns, labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { commitmentRepository } from '../../db/repositories/commitment-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { meetingRepository } from '../../db/repositories/meeting-repository';
import { observationRepository } from '../../db/repositories/observation-repository';
import { statementRepository } from '../../db/repositories/statement-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { readRecordOrRefuse, recordListDisclosure } from '../audit/record-reads';
import { communityMembership } from '../directory/directory-service';
import { decodeSortCursor, encodeSortCursor } from '../keyset-cursor';
import { may } from '../policy/policy';
import { storedLabel } from '../release/release-workflow';
import { reachesEveryReaderOf } from './label-coverage';
import {
  changedMeanwhile,
  checkAudience,
  checkedLabel,
  participantsAudience,
  meetingForWrite,
  meetingPermissions,
  meetingToWrite,
} from './meeting-service';
import type {
  CommitmentCreateRequest,
  CommitmentListQuery,
  CommitmentReportRequest,
  CommitmentSource,
  CommitmentUpdateRequest,
  EvidenceRef,
} from '../../../shared/contracts/commitments';
import type { Label, Reader } from '../../../shared/labels/label';
import type { EvidenceKind } from '../../../shared/vocab/dialogue';
import type { Kysely } from 'kysely';
import type { Context } from '../../context';
import type { Transaction } from '../../db/database';
import type { DB, StoredMilestone } from '../../db/schema';
import type { CommitmentReportRow, CommitmentRow } from '../../db/repositories/commitment-repository';
import type { MeetingRow } from '../../db/repositories/meeting-repository';
import type { UserActor } from '../auth/actor';

type Issue = { path: string; message: string };

/** The calendar date (UTC) of a moment: what "today" is for due dates. */
export const calendarDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The calendar date `days` after `day`. */
export const addDays = (day: string, days: number): string => calendarDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

export const isOverdue = (commitment: Pick<CommitmentRow, 'due_on' | 'status'>, today: string) =>
  commitment.due_on < today && (commitment.status === 'planned' || commitment.status === 'in-progress');

/** What the actor may do with a commitment: edit it (the meeting's organisers) and report on it (an owner nation's delegates). */
export function commitmentPermissions(actor: UserActor, commitment: Pick<CommitmentRow, 'owner_nations' | 'state'>, meeting: MeetingRow) {
  const active = commitment.state === 'active';
  return {
    edit: active && meetingPermissions(actor, meeting).organise,
    report: active && commitment.owner_nations.includes(actor.nation.code) && may(actor, 'meeting.attend') && meeting.state === 'active',
  };
}

function refuse(message: string, issues: Issue[]): never {
  throw new AppError('VALIDATION_FAILED', issues.length === 1 ? issues[0]!.message : message, issues);
}

function checkOwners(meeting: MeetingRow, owners: readonly string[]): Issue[] {
  const strangers = owners.filter((n) => !meeting.participants.includes(n));
  return strangers.length === 0
    ? []
    : [
        {
          path: 'ownerNations',
          message: `Owners are the meeting’s nations (${meeting.participants.join(', ')}): not ${strangers.join(', ')}.`,
        },
      ];
}

/**
 * Where a commitment was made must be of its meeting, readable by whoever records it, and — its id
 * travelling with the commitment — readable by every reader of the commitment (`label`).
 */
async function checkSource(
  db: Kysely<DB>,
  reader: Reader,
  meetingId: string,
  source: CommitmentSource | null,
  label: Label,
  membership: ReadonlyMap<string, ReadonlySet<string>>,
): Promise<Issue[]> {
  if (!source) return [];
  const narrower = [
    {
      path: 'source.id',
      message: 'Where it was made is released more narrowly than the commitment: every reader of the commitment must be able to read it.',
    },
  ];
  if (source.kind === 'observation') {
    // An action on an exercise's observation is recorded at a meeting the exercise holds (its after-action review).
    const observation = await observationRepository(db).findReadable(source.id, reader);
    const exercise = observation && (await exerciseRepository(db).findReadable(observation.exercise_id, reader));
    if (!observation || !exercise) return [{ path: 'source.id', message: 'No observation you may read has this id.' }];
    if (!(exercise.milestones as StoredMilestone[]).some((m) => m.meeting_id === meetingId))
      return [
        {
          path: 'source.id',
          message: 'Actions on an observation are recorded at a meeting its exercise holds, such as its after-action review.',
        },
      ];
    if (observation.stage === 'lesson-learned')
      return [{ path: 'source.id', message: 'The lesson is validated as learned: it takes no further actions.' }];
    // The observation is read through its exercise: every reader of the action must be able to read both.
    return reachesEveryReaderOf(labelFromColumns(observation), label, membership) &&
      reachesEveryReaderOf(labelFromColumns(exercise), label, membership)
      ? []
      : narrower;
  }
  if (source.kind === 'statement') {
    const statement = await statementRepository(db).findReadable(source.id, reader);
    if (!statement || statement.meeting_id !== meetingId)
      return [{ path: 'source.id', message: 'No statement of this meeting you may read has this id.' }];
    if (source.clauseId && !statement.clauses.some((c) => c.id === source.clauseId))
      return [{ path: 'source.clauseId', message: 'The statement has no clause with this id.' }];
    return reachesEveryReaderOf(labelFromColumns(statement), label, membership) ? [] : narrower;
  }
  const item = await meetingRepository(db).findItemReadable(source.id, reader);
  if (!item || item.meeting_id !== meetingId)
    return [{ path: 'source.id', message: 'No agenda item of this meeting you may read has this id.' }];
  return reachesEveryReaderOf(labelFromColumns(item), label, membership) ? [] : narrower;
}

export async function createCommitment(ctx: Context, actor: UserActor, meetingId: string, input: CommitmentCreateRequest): Promise<string> {
  const before = await meetingToWrite(ctx, actor, meetingId, 'organise');
  const label = await checkedLabel(ctx, actor, 'commitment', input.label ?? participantsAudience(before), 1);
  return ctx.database.transaction(async (tx) => {
    const meeting = await meetingForWrite(tx, actor, meetingId, 'organise');
    const membership = await communityMembership(tx.db, actor);
    const issues = [
      ...checkOwners(meeting, input.ownerNations),
      ...checkAudience(label, input.ownerNations, membership, 'commitment', 'owner nation'),
      ...(await checkSource(tx.db, actor.reader, meetingId, input.source, label, membership)),
    ];
    if (issues.length > 0) refuse('The commitment cannot be recorded as sent.', issues);
    const now = ctx.clock.now();
    const id = ctx.ids.uuid();
    await commitmentRepository(tx.db).insert({
      id,
      meeting_id: meetingId,
      version: 1,
      text: input.text,
      owner_nations: [...input.ownerNations].sort(),
      due_on: input.dueOn,
      source: input.source ? JSON.stringify(input.source) : null,
      created_by: actor.user.id,
      created_at: now,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'commitment', record_id: id, version: 1, change: 'create' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'commitment.create',
        target: { kind: 'commitment', id },
        details: { meeting: meetingId, owners: input.ownerNations, dueOn: input.dueOn, relTo: label.relTo },
      },
    ]);
    return id;
  });
}

/** The commitment as the actor may read it, with its meeting; one they may not read is a missing one. */
async function readable(db: Kysely<DB>, actor: UserActor, id: string) {
  const commitment = await commitmentRepository(db).findReadable(id, actor.reader);
  const meeting = commitment && (await meetingRepository(db).findReadable(commitment.meeting_id, actor.reader));
  if (!commitment || !meeting) throw AppError.notFound('commitment');
  return { commitment, meeting };
}

export async function updateCommitment(ctx: Context, actor: UserActor, id: string, input: CommitmentUpdateRequest, ifMatch?: number) {
  const { commitment: before, meeting: beforeMeeting } = await readable(ctx.database.db, actor, id);
  if (!commitmentPermissions(actor, before, beforeMeeting).edit)
    throw new AppError('FORBIDDEN', 'Only the host nation’s organisers change a commitment, on the node that runs its meeting.');
  const expected = ifMatch ?? before.version;
  const version = expected + 1;
  const label = input.label ? await checkedLabel(ctx, actor, 'commitment', input.label, version) : null;
  await ctx.database.transaction(async (tx) => {
    const meeting = await meetingForWrite(tx, actor, before.meeting_id, 'organise');
    const repo = commitmentRepository(tx.db);
    await repo.heldForUpdate(id);
    const commitment = await repo.findReadable(id, actor.reader);
    if (!commitment) throw AppError.notFound('commitment');
    if (commitment.version !== expected)
      throw new AppError('CONFLICT', `The commitment is at version ${commitment.version}, not ${expected}: reload it and try again.`);
    const next = label ?? { ...labelFromColumns(commitment), version };
    const membership = await communityMembership(tx.db, actor);
    const owners = input.ownerNations ? [...input.ownerNations].sort() : commitment.owner_nations;
    const issues = [
      ...checkOwners(meeting, owners),
      ...checkAudience(next, owners, membership, 'commitment', 'owner nation'),
      // A new label must still let every reader of the commitment read where it was made.
      ...(label
        ? await checkSource(tx.db, actor.reader, commitment.meeting_id, commitment.source as CommitmentSource | null, next, membership)
        : []),
    ];
    if (issues.length > 0) refuse('The commitment cannot be changed as sent.', issues);
    const now = ctx.clock.now();
    await repo.update(id, {
      version,
      ...(input.text !== undefined ? { text: input.text } : {}),
      ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
      owner_nations: owners,
      updated_by: actor.user.id,
      updated_at: now,
      ...labelToColumns(next),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'commitment', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'commitment.update', target: { kind: 'commitment', id }, details: { version, fields: Object.keys(input) } },
    ]);
  });
}

/** The cited records `reader` may read, with their titles; one they may not read — or that is not here — is not among them. */
export async function readableEvidence(db: Kysely<DB>, reader: Reader, refs: readonly EvidenceRef[]): Promise<Map<string, string>> {
  return new Map([...(await citedRecords(db, reader, refs))].map(([key, cited]) => [key, cited.title]));
}

/**
 * The cited records `reader` may read, with their titles and the labels a reader must pass to read
 * each (a statement's and its meeting's; none for an unreleased draft: it reaches no one else).
 */
async function citedRecords(db: Kysely<DB>, reader: Reader, refs: readonly EvidenceRef[]) {
  const titles = new Map<string, { title: string; labels: Label[] | null }>();
  const byKind = new Map<EvidenceKind, string[]>();
  for (const ref of refs) byKind.set(ref.kind, [...(byKind.get(ref.kind) ?? []), ref.id]);
  for (const [kind, ids] of byKind) {
    if (kind === 'meeting') {
      for (const id of ids) {
        const meeting = await meetingRepository(db).findReadable(id, reader);
        if (meeting) titles.set(`${kind}/${id}`, { title: meeting.title, labels: [labelFromColumns(meeting)] });
      }
    } else if (kind === 'statement') {
      for (const id of ids) {
        const statement = await statementRepository(db).findReadable(id, reader);
        const meeting = statement && (await meetingRepository(db).findReadable(statement.meeting_id, reader));
        if (statement && meeting)
          titles.set(`${kind}/${id}`, { title: statement.title, labels: [labelFromColumns(statement), labelFromColumns(meeting)] });
      }
    } else {
      for (const row of await commitmentRepository(db).readableTitles(kind, ids, reader))
        titles.set(`${kind}/${row.id}`, { title: row.title, labels: row.released ? [labelFromColumns(row)] : null });
    }
  }
  return titles;
}

/**
 * Reports progress on a commitment for the actor's nation (an owner): a new report each time,
 * under the commitment's label released to the host too (so everyone who reads the commitment
 * reads where it stands), citing records the actor may read.
 */
export async function reportProgress(ctx: Context, actor: UserActor, id: string, input: CommitmentReportRequest): Promise<string> {
  const { commitment: before, meeting } = await readable(ctx.database.db, actor, id);
  if (!commitmentPermissions(actor, before, meeting).report)
    throw new AppError(
      'FORBIDDEN',
      before.owner_nations.includes(actor.nation.code)
        ? 'Only your nation’s delegates (dialogue officers, heads of delegation) report progress on its commitments.'
        : `Only the owner nations (${before.owner_nations.join(', ')}) report progress on this commitment.`,
    );
  const cited = await citedRecords(ctx.database.db, actor.reader, input.evidence);
  const unseen = input.evidence.map((e, i) => ({ e, i })).filter(({ e }) => !cited.has(`${e.kind}/${e.id}`));
  if (unseen.length > 0)
    refuse(
      'Some evidence is not a record you may read.',
      unseen.map(({ e, i }) => ({ path: `evidence.${i}.id`, message: `No ${e.kind} you may read has the id ${e.id}.` })),
    );
  const commitmentLabel = labelFromColumns(before);
  const label = await checkedLabel(
    ctx,
    actor,
    'commitment-report',
    { ...storedLabel(commitmentLabel), relTo: [...new Set([...commitmentLabel.relTo, meeting.originator_nation])].sort() },
    1,
  );
  // Cited records travel with the report (to partner nodes, to TAXII readers): each must reach every reader of it.
  const membership = await communityMembership(ctx.database.db, actor);
  const narrower = input.evidence
    .map((e, i) => ({ e, i, labels: cited.get(`${e.kind}/${e.id}`)!.labels }))
    .filter(({ labels }) => !labels || !labels.every((l) => reachesEveryReaderOf(l, label, membership)));
  if (narrower.length > 0)
    refuse(
      'Some evidence is released more narrowly than the report.',
      narrower.map(({ e, i }) => ({
        path: `evidence.${i}.id`,
        message: `This ${e.kind} is released more narrowly than the report: cite only records every reader of the commitment may read.`,
      })),
    );
  return ctx.database.transaction(async (tx: Transaction) => {
    const repo = commitmentRepository(tx.db);
    await repo.heldForUpdate(id);
    const commitment = await repo.findReadable(id, actor.reader);
    if (!commitment) throw AppError.notFound('commitment');
    if (commitment.version !== before.version || !commitment.owner_nations.includes(actor.nation.code))
      throw changedMeanwhile('commitment');
    const now = ctx.clock.now();
    const reportId = ctx.ids.uuid();
    await repo.insertReport({
      id: reportId,
      commitment_id: id,
      meeting_id: commitment.meeting_id,
      version: 1,
      status: input.status,
      text: input.text,
      evidence: JSON.stringify(input.evidence),
      reported_by: actor.user.id,
      reported_at: now,
      ...labelToColumns(label),
    });
    await changeRepository(tx.db).record([
      { at: now, record_kind: 'commitment-report', record_id: reportId, version: 1, change: input.status },
    ]);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: 'commitment.report',
        target: { kind: 'commitment-report', id: reportId },
        details: { commitment: id, status: input.status, evidence: input.evidence.length },
      },
    ]);
    return reportId;
  });
}

export async function getCommitment(ctx: Context, actor: UserActor, id: string) {
  const repo = commitmentRepository(ctx.database.db);
  const commitment = await readRecordOrRefuse(ctx, actor, 'commitment', id, {
    findReadable: () => repo.findReadable(id, actor.reader),
    exists: () => repo.exists('commitment', id),
  });
  const meeting = await meetingRepository(ctx.database.db).findReadable(commitment.meeting_id, actor.reader);
  if (!meeting) throw AppError.notFound('commitment');
  const reports = await repo.reportsOf(actor.reader, id);
  return { commitment, meeting, reports, ...(await decorations(ctx.database.db, actor.reader, [commitment], reports)) };
}

export async function getCommitmentReport(ctx: Context, actor: UserActor, id: string) {
  const repo = commitmentRepository(ctx.database.db);
  const report = await readRecordOrRefuse(ctx, actor, 'commitment-report', id, {
    findReadable: () => repo.findReportReadable(id, actor.reader),
    exists: () => repo.exists('commitment-report', id),
  });
  return { report, evidence: await readableEvidence(ctx.database.db, actor.reader, report.evidence as EvidenceRef[]) };
}

/** The titles of the sources and evidence a reader may read, for presenting commitments and reports. */
export async function decorations(
  db: Kysely<DB>,
  reader: Reader,
  commitments: readonly CommitmentRow[],
  reports: readonly CommitmentReportRow[] = [],
) {
  const sources = new Map<string, string>();
  for (const c of commitments) {
    const source = c.source as CommitmentSource | null;
    if (!source || sources.has(`${source.kind}/${source.id}`)) continue;
    const title =
      source.kind === 'statement'
        ? (await statementRepository(db).findReadable(source.id, reader))?.title
        : source.kind === 'observation'
          ? (await observationRepository(db).findReadable(source.id, reader))?.title
          : (await meetingRepository(db).findItemReadable(source.id, reader))?.title;
    if (title !== undefined) sources.set(`${source.kind}/${source.id}`, title);
  }
  const evidence = await readableEvidence(
    db,
    reader,
    reports.flatMap((r) => r.evidence as EvidenceRef[]),
  );
  return { sources, evidence };
}

export async function listCommitments(ctx: Context, actor: UserActor, query: CommitmentListQuery) {
  const position = query.cursor ? decodeSortCursor(query.cursor, 'due', 'text') : null;
  const after = position && /^\d{4}-\d{2}-\d{2}$/.test(String(position.value)) ? { dueOn: String(position.value), id: position.id } : null;
  if (position && !after) throw new AppError('VALIDATION_FAILED', 'The cursor is not valid; use the `next` value of the previous page.');
  const today = calendarDay(ctx.clock.now());
  const rows = await commitmentRepository(ctx.database.db).listReadable(
    actor.reader,
    {
      meetingId: query.meetingId ?? null,
      observationId: query.observation ?? null,
      nation: query.nation ?? null,
      status: query.status ?? null,
      overdue: query.overdue ?? null,
      today,
    },
    query.limit + 1,
    after,
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const next = rows.length > query.limit && last ? encodeSortCursor('due', last.due_on, last.id) : null;
  await recordListDisclosure(ctx, actor, 'commitment', items);
  return { items, next, today, ...(await decorations(ctx.database.db, actor.reader, items)) };
}

/** The tracker: readable commitments (of one meeting, or all) counted per owner nation and status. */
export async function commitmentTracker(ctx: Context, actor: UserActor, meetingId: string | undefined) {
  const today = calendarDay(ctx.clock.now());
  const { total, rows } = await commitmentRepository(ctx.database.db).tracker(actor.reader, { meetingId: meetingId ?? null, today });
  const nations = new Map<
    string,
    { nation: string; planned: number; inProgress: number; done: number; dropped: number; overdue: number }
  >();
  for (const row of rows) {
    const counts = nations.get(row.nation) ?? { nation: row.nation, planned: 0, inProgress: 0, done: 0, dropped: 0, overdue: 0 };
    if (row.status === 'in-progress') counts.inProgress++;
    else if (row.status === 'done' || row.status === 'dropped' || row.status === 'planned') counts[row.status]++;
    if (row.overdue) counts.overdue++;
    nations.set(row.nation, counts);
  }
  return { total, nations: [...nations.values()].sort((a, b) => a.nation.localeCompare(b.nation)) };
}
