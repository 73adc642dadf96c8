/**
 * TAXII 2.1 add objects: a releasing officer's TAXII client posts an envelope of STIX objects; they
 * go through the STIX import (stix-import.ts) — unknown markings refused — each object succeeding or
 * failing on its own with its reason (docs/decisions/0022), and the answer is a status resource
 * kept for its author.
 * Objects without a Concord label arrive as drafts of the poster's organisation alone (fail closed),
 * whatever TLP they were marked with, for a releasing officer to release deliberately.
 */
import { hasPermission } from '../../../shared/vocab/roles';
import { AppError } from '../app-error';
import { importStixBundle, problemsByObject } from '../stix/stix-import';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export interface TaxiiStatus {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: { id: string; version?: string; message?: string }[];
  failure_count: number;
  failures: { id: string; message: string }[];
  pending_count: 0;
  pendings: [];
}

export async function addObjects(ctx: Context, actor: UserActor, objects: { type: string; id: string }[]): Promise<TaxiiStatus> {
  if (!hasPermission(actor.user.roles, 'record.release')) {
    throw new AppError('FORBIDDEN', 'Only a releasing officer may add objects: they become records of your nation.');
  }
  const id = ctx.ids.uuid();
  const at = ctx.clock.now().toISOString();
  const status: TaxiiStatus = {
    id,
    status: 'complete',
    request_timestamp: at,
    total_count: objects.length,
    success_count: 0,
    successes: [],
    failure_count: 0,
    failures: [],
    pending_count: 0,
    pendings: [],
  };
  const version = (o: object) => {
    const { modified, created } = o as { modified?: unknown; created?: unknown };
    return typeof modified === 'string' ? modified : typeof created === 'string' ? created : undefined;
  };
  // Each object succeeds or fails on its own (docs/decisions/0022): an object with a problem is
  // left out with its reason and the others are imported as if it had not been sent.
  const failed = new Map<number, string>();
  let remaining = objects.map((object, index) => ({ object, index }));
  let skipped = new Map<string, string>();
  while (remaining.length > 0) {
    try {
      const report = await importStixBundle(ctx, actor, {
        bundle: { type: 'bundle', id: `bundle--${id}`, objects: remaining.map((r) => r.object) },
        // The strictest ceiling, so no marking is refused as stricter; the drafts are the organisation's alone.
        label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'RED', recipients: { orgs: [], users: [actor.user.id] } },
        dryRun: false,
      });
      skipped = new Map(report.skipped.map((s) => [s.id, s.reason]));
      break;
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const problems = problemsByObject(error);
      if (problems.size === 0) throw error;
      for (const [at, message] of problems) failed.set(remaining[at]!.index, message);
      remaining = remaining.filter((_, at) => !problems.has(at));
    }
  }
  objects.forEach((object, index) => {
    const reason = failed.get(index) ?? skipped.get(object.id);
    if (reason) status.failures.push({ id: object.id, message: reason });
    else status.successes.push({ id: object.id, ...(version(object) ? { version: version(object) } : {}) });
  });
  status.success_count = status.successes.length;
  status.failure_count = status.failures.length;
  await ctx.database.db
    .insertInto('taxii_status')
    .values({ id, user_id: actor.user.id, created_at: new Date(at), status: JSON.stringify(status) })
    .execute();
  return status;
}

/** A status resource, for the person who made the request only (anyone else: not found). */
export async function getStatus(ctx: Context, actor: UserActor, id: string): Promise<TaxiiStatus> {
  const row = await ctx.database.db
    .selectFrom('taxii_status')
    .select('status')
    .where('id', '=', id)
    .where('user_id', '=', actor.user.id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No status with this id.');
  return row.status as TaxiiStatus;
}
