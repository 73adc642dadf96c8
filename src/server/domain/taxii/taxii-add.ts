/**
 * TAXII 2.1 add objects: a releasing officer's TAXII client posts an envelope of STIX objects; they
 * go through the STIX import (stix-import.ts) — every object checked first, nothing written unless
 * all pass, unknown markings refused — and the answer is a status resource kept for its author.
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
  try {
    const report = await importStixBundle(ctx, actor, {
      bundle: { type: 'bundle', id: `bundle--${id}`, objects },
      // The strictest ceiling, so no marking is refused as stricter; the drafts are the organisation's alone.
      label: { classification: 'UNCLASSIFIED', relTo: [], caveats: [], tlp: 'RED', recipients: { orgs: [], users: [actor.user.id] } },
      dryRun: false,
    });
    const skipped = new Map(report.skipped.map((s) => [s.id, s.reason]));
    for (const object of objects) {
      const reason = skipped.get(object.id);
      if (reason) status.failures.push({ id: object.id, message: reason });
      else status.successes.push({ id: object.id, ...(version(object) ? { version: version(object) } : {}) });
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    // All or nothing: the objects with a problem say what it is; the others were not added either.
    const problems = problemsByObject(error);
    objects.forEach((object, index) =>
      status.failures.push({ id: object.id, message: problems.get(index) ?? 'Not added: another object of the request has a problem.' }),
    );
  }
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
