/**
 * The TAXII 2.1 face (read): one API root with one collection of every published object
 * (publisher.ts). Each object is decided on its own — the read rule over that version's label, in
 * SQL — never "a whole collection"; an incident's sources leave only to readers of their own
 * label. Paging is by the published rows' `seq` in an opaque, stateless `next`: rows are published
 * one transaction at a time, so nothing is skipped or repeated, ties in `date_added` included.
 */
import { canReadField, fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../db/label-columns';
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { AppError } from '../app-error';
import { recordListDisclosure } from '../audit/record-reads';
import { EXTENSIONS, stableUuid } from '../stix/stix-vocab';
import type { ObjectFilter, StixObjectRow } from '../../db/repositories/stix-object-repository';
import type { StoredLabelFields } from '../release/release-workflow';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
export const COLLECTION_ID = stableUuid('taxii-collection:records');
export const API_ROOT = '/taxii2/api/';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;

export function collection() {
  return {
    id: COLLECTION_ID,
    title: 'Concord records',
    description: 'Every record this node publishes, each object released only to those its label allows.',
    can_read: true,
    can_write: false,
    media_types: [STIX_MEDIA_TYPE],
  };
}

export function requireCollection(id: string): void {
  if (id !== COLLECTION_ID) throw new AppError('NOT_FOUND', 'No collection with this id.');
}

export interface ObjectQuery {
  limit?: number | undefined;
  next?: string | undefined;
  addedAfter?: string | undefined;
  ids?: string[] | undefined;
  types?: string[] | undefined;
  version?: string | undefined;
}

const encodeNext = (seq: number) => Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
function decodeNext(next: string): number {
  try {
    const { s } = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof s === 'number' && Number.isInteger(s) && s >= 0) return s;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'The `next` value is not one this server gave; start again without it.');
}

function filterOf(query: ObjectQuery): ObjectFilter {
  const version = query.version ?? 'last';
  if (version !== 'last' && version !== 'all') {
    throw new AppError('VALIDATION_FAILED', 'match[version] may be "last" (the default) or "all" here.');
  }
  let addedAfter: Date | undefined;
  if (query.addedAfter !== undefined) {
    addedAfter = new Date(query.addedAfter);
    if (Number.isNaN(addedAfter.getTime()))
      throw new AppError('VALIDATION_FAILED', 'added_after is a timestamp such as 2026-11-27T03:00:00.000Z.');
  }
  return {
    versions: version,
    ...(query.next ? { afterSeq: decodeNext(query.next) } : {}),
    ...(addedAfter ? { addedAfter } : {}),
    ...(query.ids?.length ? { ids: query.ids } : {}),
    ...(query.types?.length ? { types: query.types } : {}),
  };
}

/** The object as this reader may have it: an incident's sources only for readers of their label. */
function objectFor(actor: UserActor, row: StixObjectRow): Record<string, unknown> {
  const object = row.object as Record<string, unknown> & { extensions?: Record<string, Record<string, unknown>> };
  const incident = object.extensions?.[EXTENSIONS.incident];
  const sources = incident?.sources as { label?: StoredLabelFields } | undefined;
  if (!incident || !sources) return object;
  const label = labelFromColumns(row);
  const sourcesLabel = sources.label ? fieldLabelOf(label, sources.label) : label;
  if (canReadField(actor.reader, label, sourcesLabel)) return object;
  const { sources: _hidden, ...rest } = incident;
  return { ...object, extensions: { ...object.extensions, [EXTENSIONS.incident]: rest } };
}

async function page(ctx: Context, actor: UserActor, query: ObjectQuery) {
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const rows = await stixObjectRepository(ctx.database.db).readable(actor.reader, filterOf(query), limit + 1);
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  await recordListDisclosure(
    ctx,
    actor,
    'stix-object',
    items.map((r) => ({ id: r.stix_id })),
  );
  return { items, more, next: more ? encodeNext(Number(items.at(-1)!.seq)) : undefined };
}

const dateRange = (rows: StixObjectRow[]) =>
  rows.length === 0 ? null : { first: new Date(rows[0]!.date_added).toISOString(), last: new Date(rows.at(-1)!.date_added).toISOString() };

export async function getObjects(ctx: Context, actor: UserActor, query: ObjectQuery) {
  const { items, more, next } = await page(ctx, actor, query);
  return { envelope: { more, ...(next ? { next } : {}), objects: items.map((r) => objectFor(actor, r)) }, dates: dateRange(items) };
}

/** One object's versions as an envelope; nothing readable answers exactly as a missing object. */
export async function getObject(ctx: Context, actor: UserActor, id: string, query: ObjectQuery) {
  const result = await getObjects(ctx, actor, { ...query, ids: [id], types: undefined });
  if (result.envelope.objects.length === 0 && !query.next) throw new AppError('NOT_FOUND', 'No object with this id.');
  return result;
}

export async function getVersions(ctx: Context, actor: UserActor, id: string, query: ObjectQuery) {
  const { items, more, next } = await page(ctx, actor, { ...query, ids: [id], types: undefined, version: 'all' });
  if (items.length === 0 && !query.next) throw new AppError('NOT_FOUND', 'No object with this id.');
  return {
    envelope: { more, ...(next ? { next } : {}), versions: items.map((r) => new Date(r.modified).toISOString()) },
    dates: dateRange(items),
  };
}

export async function getManifest(ctx: Context, actor: UserActor, query: ObjectQuery) {
  const { items, more, next } = await page(ctx, actor, query);
  return {
    envelope: {
      more,
      ...(next ? { next } : {}),
      objects: items.map((r) => ({
        id: r.stix_id,
        date_added: new Date(r.date_added).toISOString(),
        version: new Date(r.modified).toISOString(),
        media_type: STIX_MEDIA_TYPE,
      })),
    },
    dates: dateRange(items),
  };
}
