/**
 * Busy blocks: a nation's word that one of its units — or the nation as a whole — is not free,
 * under a label of the nation's choosing, so partners plan around it without seeing what keeps it
 * busy. A block entered by hand is published at once; one imported from an iCalendar file (a
 * partner's plan, a holiday calendar) is a draft until a planner publishes it: a draft counts in no
 * clash and reaches no partner. A block no longer true is withdrawn (a new version), never deleted,
 * so partners' copies follow.
 */
import { may } from '../policy/policy';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { startOfDay, addDays } from '../../../shared/time/time-zone';
import { changeRepository } from '../../db/repositories/change-repository';
import { exerciseRepository } from '../../db/repositories/exercise-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import { recordListDisclosure } from '../audit/record-reads';
import { readICalendar } from '../calendar/ical-import';
import { decodeCursor, pageFromRows } from '../keyset-cursor';
import { checkedLabel } from '../dialogue/meeting-service';
import type { BusyBlockCreateRequest, BusyBlockImportRequest } from '../../../shared/contracts/training';
import type { Label } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { BusyBlockRow } from '../../db/repositories/exercise-repository';
import type { UserActor } from '../auth/actor';
import type { ImportedEvent } from '../calendar/ical-import';

const DAY_MS = 86_400_000;
/** The longest a block may last. */
export const LONGEST_BLOCK_DAYS = 366;

/** Whether the actor may change a block: its nation's planners, while it is not withdrawn. */
export function mayEditBlock(actor: UserActor, block: Pick<BusyBlockRow, 'originator_nation' | 'status' | 'state'>): boolean {
  return (
    block.state === 'active' && block.status !== 'withdrawn' && block.originator_nation === actor.nation.code && may(actor, 'exercise.plan')
  );
}

function requirePlanner(actor: UserActor): void {
  if (!may(actor, 'exercise.plan')) throw new AppError('FORBIDDEN', 'Your roles do not allow publishing busy blocks.');
}

/** A block's times as instants: whole days in its time zone, or two instants. */
export function blockTimes(
  times: { allDay: true; startDate: string; endDate: string } | { allDay: false; startsAt: string | Date; endsAt: string | Date },
  timeZone: string,
): { startsAt: Date; endsAt: Date } {
  const { startsAt, endsAt } = times.allDay
    ? { startsAt: startOfDay(times.startDate, timeZone), endsAt: startOfDay(addDays(times.endDate, 1), timeZone) }
    : { startsAt: new Date(times.startsAt), endsAt: new Date(times.endsAt) };
  if (endsAt <= startsAt)
    throw new AppError(
      'VALIDATION_FAILED',
      times.allDay ? 'The last day must be on or after the first.' : 'The block must end after it starts.',
      [{ path: times.allDay ? 'endDate' : 'endsAt', message: 'After the start.' }],
    );
  if (endsAt.getTime() - startsAt.getTime() > LONGEST_BLOCK_DAYS * DAY_MS)
    throw new AppError('VALIDATION_FAILED', `A busy block lasts at most ${LONGEST_BLOCK_DAYS} days.`, [
      { path: times.allDay ? 'endDate' : 'endsAt', message: `At most ${LONGEST_BLOCK_DAYS} days.` },
    ]);
  return { startsAt, endsAt };
}

async function insertBlocks(
  ctx: Context,
  actor: UserActor,
  label: Label,
  blocks: { title: string; unit: string | null; allDay: boolean; startsAt: Date; endsAt: Date; timeZone: string }[],
  status: 'draft' | 'published',
  action: string,
): Promise<string[]> {
  const now = ctx.clock.now();
  // A draft is its nation's alone until published under the label proposed for it.
  const own = status === 'draft' ? { ...label, relTo: [label.originator.nation] } : label;
  const rows = blocks.map((b) => ({
    id: ctx.ids.uuid(),
    version: 1,
    title: b.title,
    unit: b.unit,
    all_day: b.allDay,
    starts_at: b.startsAt,
    ends_at: b.endsAt,
    time_zone: b.timeZone,
    status,
    proposed_label: status === 'draft' ? JSON.stringify(label) : null,
    created_by: actor.user.id,
    created_at: now,
    updated_at: now,
    ...labelToColumns(own),
  }));
  await ctx.database.transaction(async (tx) => {
    await exerciseRepository(tx.db).insertBlocks(rows);
    await changeRepository(tx.db).record(
      rows.map((r) => ({ at: now, record_kind: 'busy-block', record_id: r.id, version: 1, change: 'create' as const })),
    );
    await appendAudit(
      tx.db,
      ctx.clock,
      actor,
      rows.map((r) => ({ action, target: { kind: 'busy-block', id: r.id }, details: { status, relTo: label.relTo } })),
    );
  });
  return rows.map((r) => r.id);
}

export async function createBusyBlock(ctx: Context, actor: UserActor, input: BusyBlockCreateRequest): Promise<string> {
  requirePlanner(actor);
  const label = await checkedLabel(ctx, actor, 'busy-block', input.label, 1);
  const times = blockTimes(input, input.timeZone);
  const [id] = await insertBlocks(
    ctx,
    actor,
    label,
    [{ title: input.title, unit: input.unit || null, allDay: input.allDay, ...times, timeZone: input.timeZone }],
    'published',
    'busy-block.create',
  );
  return id!;
}

/**
 * Imports an iCalendar file's events as draft blocks, all or none: events that cannot be read are
 * reported and left out, events already over are left out, recurring ones are expanded two years
 * ahead.
 */
export async function importBusyBlocks(ctx: Context, actor: UserActor, input: BusyBlockImportRequest) {
  requirePlanner(actor);
  const label = await checkedLabel(ctx, actor, 'busy-block', input.label, 1);
  const now = ctx.clock.now();
  const { events, skipped } = readICalendar(input.calendar, {
    floatingZone: input.timeZone,
    horizon: { from: now, to: new Date(now.getTime() + 731 * DAY_MS) },
  });
  const blocks: Parameters<typeof insertBlocks>[3] = [];
  for (const event of events) {
    // Partners see the title, never the event's own words (which may say why): "Unavailable" unless the planner names one.
    const title = input.title || 'Unavailable';
    try {
      blocks.push({
        title,
        unit: input.unit || null,
        allDay: event.allDay,
        ...blockTimes(asTimes(event), input.timeZone),
        timeZone: input.timeZone,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      skipped.push({ uid: event.uid, summary: event.summary, why: error.message });
    }
  }
  const created = await insertBlocks(ctx, actor, label, blocks, 'draft', 'busy-block.import');
  return { created, skipped };
}

const asTimes = (event: ImportedEvent) =>
  event.allDay
    ? { allDay: true as const, startDate: event.startDate, endDate: event.endDate }
    : { allDay: false as const, startsAt: event.startsAt, endsAt: event.endsAt };

/** Publishes a draft, or withdraws a block; each a new version. */
export async function setBlockStatus(ctx: Context, actor: UserActor, id: string, status: 'published' | 'withdrawn'): Promise<void> {
  await ctx.database.transaction(async (tx) => {
    const repo = exerciseRepository(tx.db);
    if (!(await repo.findBlockReadable(id, actor.reader))) throw AppError.notFound('busy block');
    await repo.blockForUpdate(id);
    const block = await repo.findBlockReadable(id, actor.reader);
    if (!block) throw AppError.notFound('busy block');
    if (!mayEditBlock(actor, block))
      throw block.status === 'withdrawn'
        ? new AppError('CONFLICT', 'The block was withdrawn: it takes no more changes.')
        : new AppError('FORBIDDEN', 'Only the planners of the nation that published a busy block change it.');
    if (status === 'published' && block.status !== 'draft') throw new AppError('CONFLICT', 'The block is published already.');
    const version = block.version + 1;
    const now = ctx.clock.now();
    const published = status === 'published' && block.proposed_label ? { ...(block.proposed_label as Label), version } : null;
    await repo.updateBlock(id, {
      version,
      status,
      updated_at: now,
      ...(published ? { ...labelToColumns(published), proposed_label: null } : { label_version: version }),
    });
    await changeRepository(tx.db).record([{ at: now, record_kind: 'busy-block', record_id: id, version, change: 'update' }]);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: `busy-block.${status === 'published' ? 'publish' : 'withdraw'}`, target: { kind: 'busy-block', id }, details: { version } },
    ]);
  });
}

export async function listBusyBlocks(
  ctx: Context,
  actor: UserActor,
  query: { limit: number; cursor?: string | undefined; from?: string | undefined; status?: 'draft' | 'published' | undefined },
) {
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await exerciseRepository(ctx.database.db).listBlocksReadable(actor.reader, query.limit + 1, after, {
    from: query.from ? new Date(query.from) : undefined,
    status: query.status,
  });
  const page = pageFromRows(rows, query.limit, (row) => new Date(row.starts_at));
  await recordListDisclosure(ctx, actor, 'busy-block', page.items);
  return page;
}

export async function busyBlockToRead(ctx: Context, actor: UserActor, id: string): Promise<BusyBlockRow> {
  const block = await exerciseRepository(ctx.database.db).findBlockReadable(id, actor.reader);
  if (!block) throw AppError.notFound('busy block');
  return block;
}
