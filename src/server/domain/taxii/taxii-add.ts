/**
 * TAXII 2.1 add objects: a releasing officer's TAXII client posts an envelope of STIX objects; they
 * go through the STIX import (stix-import.ts) — unknown markings refused — each object succeeding or
 * failing on its own with its reason (docs/decisions/0022), and the answer is a status resource
 * kept for its author.
 * Objects without a Concord label arrive as drafts of the poster's organisation alone (fail closed),
 * whatever TLP they were marked with, for a releasing officer to release deliberately.
 */
import { may } from '../policy/policy';
import { taxiiStatusRepository } from '../../db/repositories/taxii-status-repository';
import { AppError } from '../app-error';
import { ALREADY_PRESENT, importStixBundle, problemsByObject } from '../stix/stix-import';
import { getObject } from './taxii-service';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { ObjectQuery } from './taxii-service';

export interface TaxiiStatus {
  id: string;
  status: 'complete';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  successes: { id: string; version?: string; message?: string }[];
  failure_count: number;
  failures: { id: string; version?: string; message: string }[];
  pending_count: 0;
  pendings: [];
}

/** A STIX object as far as a status can name it: an object with a type and an id of that type. */
const STIX_ID = /^([a-z0-9-]{1,250})--[0-9a-fA-F-]{36}$/;

/**
 * The entries of an envelope that are no STIX object (TAXII 2.1, 5.5: 422, the request could not
 * be processed): nothing is added, and each is named by its place in the envelope.
 */
function notStixObjects(objects: unknown[]): { path: string; message: string }[] {
  return objects.flatMap((object, index) => {
    const path = `objects.${index}`;
    if (typeof object !== 'object' || object === null || Array.isArray(object))
      return [{ path, message: 'Not a STIX object: each entry of `objects` is a JSON object.' }];
    const { type, id } = object as { type?: unknown; id?: unknown };
    if (typeof type !== 'string' || type === '') return [{ path, message: 'A STIX object has a `type`; this one has none.' }];
    const match = typeof id === 'string' ? STIX_ID.exec(id) : null;
    if (!match || match[1] !== type)
      return [
        { path, message: `A STIX object's \`id\` is its type, "--" and a UUID (such as ${type}--6ba7b810-9dad-41d1-80b4-00c04fd430c8).` },
      ];
    return [];
  });
}

export async function addObjects(ctx: Context, actor: UserActor, envelope: unknown[]): Promise<TaxiiStatus> {
  if (!may(actor, 'record.release')) {
    throw new AppError('FORBIDDEN', 'Only a releasing officer may add objects: they become records of your nation.');
  }
  const unprocessable = notStixObjects(envelope);
  if (unprocessable.length > 0)
    throw new AppError(
      'UNPROCESSABLE_CONTENT',
      `${unprocessable.length} entr${unprocessable.length === 1 ? 'y' : 'ies'} of the envelope ${unprocessable.length === 1 ? 'is' : 'are'} not STIX objects (${unprocessable[0]!.path}: ${unprocessable[0]!.message}); nothing was added.`,
      unprocessable.slice(0, 200),
    );
  const objects = envelope as { type: string; id: string; spec_version?: unknown }[];
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
  // This collection holds STIX 2.1: an object of another version is not added (an object without
  // `spec_version` is read as 2.1's, as the import reads it).
  const firstOf = new Map<string, number>();
  objects.forEach((object, index) => {
    if (object.spec_version !== undefined && object.spec_version !== '2.1')
      failed.set(index, `spec_version ${JSON.stringify(object.spec_version).slice(0, 20)}: this collection takes STIX 2.1 objects only.`);
    // The same id again in one envelope: only its first object is read (the rest would answer for it).
    else if (firstOf.has(object.id))
      failed.set(
        index,
        `Given more than once in the envelope (first as objects.${firstOf.get(object.id)}): only its first object is read.`,
      );
    else firstOf.set(object.id, index);
  });
  let remaining = objects.map((object, index) => ({ object, index })).filter(({ index }) => !failed.has(index));
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
  // Each status-details names the object's version where it has one (TAXII 2.1, 4.3.1). The same
  // version sent again is no error for that object (5.5): a success saying it was already here.
  objects.forEach((object, index) => {
    const reason = failed.get(index) ?? skipped.get(object.id);
    const details = { id: object.id, ...(version(object) ? { version: version(object) } : {}) };
    if (reason === ALREADY_PRESENT) status.successes.push({ ...details, message: reason });
    else if (reason) status.failures.push({ ...details, message: reason });
    else status.successes.push(details);
  });
  status.success_count = status.successes.length;
  status.failure_count = status.failures.length;
  await taxiiStatusRepository(ctx.database.db).insert({ id, user_id: actor.user.id, created_at: new Date(at), status });
  return status;
}

/** A status resource, for the person who made the request only (anyone else: not found). */
export async function getStatus(ctx: Context, actor: UserActor, id: string): Promise<TaxiiStatus> {
  const status = await taxiiStatusRepository(ctx.database.db).findOwn(id, actor.user.id);
  if (status === undefined) throw new AppError('NOT_FOUND', 'No status with this id.');
  return status as TaxiiStatus;
}

/**
 * TAXII 2.1, 5.7: objects are not deleted here (docs/decisions/0026). A record is withdrawn by its
 * recall, which carries a reason and reaches every partner that holds it; deleting one published
 * version would leave partners' copies as they are. The answer follows the endpoint's codes: 403
 * for an object the caller may read (it exists for them, but is not theirs to delete), and
 * exactly the answer of a missing object otherwise; the parameters are checked as on a read.
 */
export async function refuseDelete(ctx: Context, actor: UserActor, id: string, query: ObjectQuery): Promise<never> {
  await getObject(ctx, { kind: 'user', actor }, id, { version: query.version, specVersion: query.specVersion });
  throw new AppError(
    'FORBIDDEN',
    'Objects are not deleted over TAXII: a record is withdrawn by a recall from its originating organisation, which reaches every partner holding it.',
  );
}
