/**
 * The TAXII 2.1 face (read): one API root with one collection of every published object
 * (publisher.ts). Each object is decided on its own — the read rule over that version's label, in
 * SQL — never "a whole collection"; an incident's sources leave only to readers of their own
 * label. Paging is by the published rows' `seq` in a stateless `next` sealed for its reader (it
 * shows no number, so no count of what the reader cannot see): rows are published one transaction
 * at a time, so nothing is skipped or repeated, ties in `date_added` included.
 */
import { peerRepository } from '../../db/repositories/peer-repository';
import { canReadField } from '../../../shared/labels/field-labels';
import { stixObjectRepository } from '../../db/repositories/stix-object-repository';
import { AppError } from '../app-error';
import { recordListDisclosure } from '../audit/record-reads';
import { nodeMayReceive } from '../federation/node-audience';
import { positionTokens } from '../node/position-tokens';
import { definitions } from '../stix/stix-definitions';
import { servedForm } from '../stix/stix-served-form';
import { DEFINED_AT, TLP2_EXTENSION, derivedUuid } from '../stix/stix-vocab';
import type { NodeAudience } from '../../../shared/labels/read-rule';
import type { ObjectFilter, ServedRow } from '../../db/repositories/stix-object-repository';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { PeerRow } from '../federation/peer-service';

/**
 * Who reads: a person (the read rule) or a peer node (the node rule; it gets only this nation's
 * own records and the recalls of what it was served, and what it is served is noted).
 */
export type TaxiiReader = { kind: 'user'; actor: UserActor } | { kind: 'node'; peer: PeerRow; audience: NodeAudience };

export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
export const COLLECTION_ID = derivedUuid('collection', 'taxii-collection:records');
export const API_ROOT = '/taxii2/api/';
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1_000;
/** A peer node catching up may take larger pages (pull.ts grows them up to this). */
export const PEER_MAX_LIMIT = 5_000;

/** The collection as a reader sees it: writable by releasing officers (adding objects makes records). */
export function collection(canWrite = false) {
  return {
    id: COLLECTION_ID,
    title: 'Concord records',
    description: 'Every record this node publishes, each object released only to those its label allows.',
    can_read: true,
    can_write: canWrite,
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
  specVersion?: string | undefined;
}

/**
 * A STIX timestamp (STIX 2.1, 3.2): RFC 3339 in UTC with `Z`, seconds always, any fraction of a
 * second. TAXII takes `added_after` and `match[version]` in this form only.
 */
const STIX_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;

/** The instant a STIX timestamp names, or null when the text is not one (or names no real instant). */
export function stixTimestamp(text: string): Date | null {
  const parts = STIX_TIMESTAMP.exec(text);
  if (!parts) return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return null;
  // `new Date` rolls 2026-02-30 over to March: the fields must come back as written.
  const [, y, mo, d, h, mi, se] = parts.map(Number);
  const same =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() + 1 === mo &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === se;
  return same ? date : null;
}

const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `match[version]`: the values it may take, or'ed (TAXII 2.1, 3.4.1). */
export function versionMatch(text: string | undefined, byDefault: 'last' | 'all'): ObjectFilter['versions'] {
  const given = text === undefined ? [] : listOf(text);
  const values = given.length > 0 ? given : [byDefault];
  if (values.includes('all')) return 'all';
  const match: { last?: boolean; first?: boolean; modified?: Date[] } = {};
  for (const value of values) {
    if (value === 'last') match.last = true;
    else if (value === 'first') match.first = true;
    else {
      const at = stixTimestamp(value);
      if (!at)
        throw new AppError(
          'VALIDATION_FAILED',
          `match[version] takes "last" (the default), "first", "all" or a STIX timestamp such as 2026-11-27T03:00:00.000Z (UTC, ending in Z), comma-separated; "${value.slice(0, 40)}" is none of them.`,
        );
      (match.modified ??= []).push(at);
    }
  }
  return match;
}

/** `match[spec_version]`: STIX versions such as 2.1 (this node serves 2.1; 2.0 matches nothing of it). */
export function specVersionMatch(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const values = listOf(text);
  const bad = values.find((v) => !/^\d+\.\d+$/.test(v));
  if (bad !== undefined || values.length === 0)
    throw new AppError(
      'VALIDATION_FAILED',
      `match[spec_version] takes STIX versions such as 2.1, comma-separated${bad === undefined ? '' : `; "${bad.slice(0, 40)}" is not one`}.`,
    );
  return values;
}

const UNKNOWN_NEXT =
  'The `next` value is not one this server gave you (a cursor holds only for the account or node it was given to); start again without it.';

/** Whom a cursor is bound to. */
const cursorReader = (reader: TaxiiReader) => (reader.kind === 'user' ? `user:${reader.actor.user.id}` : `node:${reader.peer.node_id}`);

/**
 * The position a `next` stands for. Cursors are sealed per reader (node/position-tokens.ts). A
 * peer may still hold a cursor of the earlier plain form ({"s": seq}); it is taken only from that
 * peer and only at a position this node served it, so it tells the peer nothing it was not given.
 */
async function positionOf(ctx: Context, reader: TaxiiReader, next: string): Promise<number> {
  const opened = (await positionTokens(ctx.database)).open('taxii', cursorReader(reader), next);
  if (opened) return opened.position;
  if (reader.kind === 'node') {
    const legacy = plainCursor(next);
    if (legacy !== null && (await stixObjectRepository(ctx.database.db).servedAt(reader.peer.node_id, legacy))) return legacy;
  }
  throw new AppError('VALIDATION_FAILED', UNKNOWN_NEXT);
}

function plainCursor(next: string): number | null {
  try {
    const { s } = JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof s === 'number' && Number.isSafeInteger(s) && s >= 0) return s;
  } catch {
    // not the plain form
  }
  return null;
}

function filterOf(query: ObjectQuery, versionsByDefault: 'last' | 'all' = 'last'): ObjectFilter {
  let addedAfter: Date | undefined;
  if (query.addedAfter !== undefined) {
    addedAfter = stixTimestamp(query.addedAfter) ?? undefined;
    if (!addedAfter)
      throw new AppError(
        'VALIDATION_FAILED',
        'added_after takes a STIX timestamp: UTC ending in Z, with seconds, such as 2026-11-27T03:00:00.000Z (no offsets, no bare dates).',
      );
  }
  const specVersions = specVersionMatch(query.specVersion);
  return {
    versions: versionMatch(query.version, versionsByDefault),
    ...(specVersions ? { specVersions } : {}),
    ...(addedAfter ? { addedAfter } : {}),
    ...(query.ids?.length ? { ids: query.ids } : {}),
    ...(query.types?.length ? { types: query.types } : {}),
  };
}

/**
 * The object as this reader may have it, as its originator signed it, in the JSON text stored
 * (the bundle export chooses the same way: stix-served-form.ts).
 */
function objectFor(reader: TaxiiReader, row: ServedRow & { object: string }): string {
  return servedForm(row, (label, sourcesLabel) =>
    reader.kind === 'user' ? canReadField(reader.actor.reader, label, sourcesLabel) : nodeMayReceive(reader.audience, sourcesLabel),
  );
}

/** The rows a page serves: at most `limit`, ending before the first row past the page's size (which comes without its object). */
export function pageRows<T extends { object: string | null }>(rows: T[], limit: number): (T & { object: string })[] {
  const kept = rows.slice(0, limit);
  const past = kept.findIndex((r) => r.object === null);
  return (past < 0 ? kept : kept.slice(0, past)) as (T & { object: string })[];
}

async function page(ctx: Context, reader: TaxiiReader, query: ObjectQuery, objects = true, versionsByDefault: 'last' | 'all' = 'last') {
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, reader.kind === 'node' ? PEER_MAX_LIMIT : MAX_LIMIT);
  // The parameters are checked before the cursor: a bad one is named whatever `next` says.
  const checked = filterOf(query, versionsByDefault);
  const afterSeq = query.next ? await positionOf(ctx, reader, query.next) : undefined;
  const filter = { ...checked, ...(afterSeq !== undefined ? { afterSeq } : {}), objects };
  const rows = await ctx.database.transaction(async (tx) => {
    const objects = stixObjectRepository(tx.db);
    await objects.planSerially();
    return reader.kind === 'user'
      ? objects.readable(reader.actor.reader, filter, limit + 1)
      : objects.receivable(reader.peer.node_id, reader.audience, ctx.node.nation, filter, limit + 1);
  });
  const items = pageRows(rows, limit);
  const more = rows.length > items.length;
  if (reader.kind === 'user') {
    await recordListDisclosure(
      ctx,
      reader.actor,
      'stix-object',
      items.map((r) => ({ id: r.stix_id })),
    );
  } else if (items.length > 0) {
    await ctx.database.transaction(async (tx) => {
      await stixObjectRepository(tx.db).delivered(reader.peer.node_id, items, ctx.clock.now());
      await peerRepository(tx.db).served(reader.peer.node_id, items.length, ctx.clock.now());
    });
  }
  // A `next` also on the last page: a puller resumes from it without asking for anything twice. It
  // is sealed afresh for this reader, so an empty page's looks like any other.
  const position = items.length > 0 ? Number(items.at(-1)!.seq) : afterSeq;
  const next =
    position === undefined
      ? undefined
      : (await positionTokens(ctx.database)).seal('taxii', cursorReader(reader), position, ctx.clock.now());
  return { items, more, next };
}

const dateRange = (rows: ServedRow[]) => (rows.length === 0 ? null : { first: rows[0]!.date_added, last: rows.at(-1)!.date_added });

/** A page of objects as the envelope's JSON text, the objects as stored (never decoded and encoded again). */
export async function getObjects(ctx: Context, reader: TaxiiReader, query: ObjectQuery) {
  const { items, more, next } = await page(ctx, reader, query);
  const head = JSON.stringify({ more, ...(next ? { next } : {}) }).slice(0, -1);
  const text = `${head},"objects":[${items.map((r) => objectFor(reader, r)).join(',')}]}`;
  return { text, count: items.length, dates: dateRange(items) };
}

/**
 * The OASIS TLP 2.0 extension definition (cti-stix-common-objects), as OASIS publishes it: the TLP
 * markings served with the objects name it.
 */
const TLP2_EXTENSION_DEFINITION = {
  id: TLP2_EXTENSION,
  type: 'extension-definition',
  spec_version: '2.1',
  name: 'TLP 2.0',
  description: 'This defines TLP 2.0 as a STIX extension',
  created: '2022-10-01T00:00:00.000Z',
  modified: '2022-10-01T00:00:00.000Z',
  created_by_ref: 'identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01',
  schema: 'https://github.com/oasis-open/cti-stix-common-objects/tree/master/extension-definition-specifications/tlp-2.0',
  version: '1.0.0',
  extension_types: ['property-extension'],
};

/**
 * Concord's identity and extension definitions, and the TLP 2.0 one, by id: a TAXII client that
 * meets an extension it does not know fetches its definition here. They describe, they hold
 * nothing: every caller gets them.
 */
const DEFINITIONS = new Map<string, Record<string, unknown>>([...definitions(), TLP2_EXTENSION_DEFINITION].map((d) => [d.id, d]));

/** Whether a definition (one version, STIX 2.1, added when defined) passes a query's filters. */
function definitionMatches(definition: Record<string, unknown>, query: ObjectQuery): boolean {
  const { versions, specVersions, addedAfter } = filterOf(query);
  if (specVersions && !specVersions.includes(String(definition.spec_version))) return false;
  if (addedAfter && !(new Date(DEFINED_AT) > addedAfter)) return false;
  if (versions === 'all' || versions === 'last' || versions.last || versions.first) return true;
  return (versions.modified ?? []).some((at) => at.getTime() === new Date(String(definition.modified)).getTime());
}

/** One object's versions as an envelope; nothing readable answers exactly as a missing object. */
export async function getObject(ctx: Context, reader: TaxiiReader, id: string, query: ObjectQuery) {
  const definition = DEFINITIONS.get(id);
  if (definition && !query.next && definitionMatches(definition, query))
    return { text: JSON.stringify({ more: false, objects: [definition] }), count: 1, dates: { first: DEFINED_AT, last: DEFINED_AT } };
  const result = await getObjects(ctx, reader, { ...query, ids: [id], types: undefined });
  if (result.count === 0 && !query.next) throw new AppError('NOT_FOUND', 'No object with this id.');
  return result;
}

export async function getVersions(ctx: Context, reader: TaxiiReader, id: string, query: ObjectQuery) {
  // Every version by default; `match[version]` narrows the list as it narrows objects.
  const { items, more, next } = await page(ctx, reader, { ...query, ids: [id], types: undefined }, false, 'all');
  if (items.length === 0 && !query.next) throw new AppError('NOT_FOUND', 'No object with this id.');
  return {
    envelope: { more, ...(next ? { next } : {}), versions: items.map((r) => r.modified) },
    dates: dateRange(items),
  };
}

export async function getManifest(ctx: Context, reader: TaxiiReader, query: ObjectQuery) {
  const { items, more, next } = await page(ctx, reader, query, false);
  return {
    envelope: {
      more,
      ...(next ? { next } : {}),
      objects: items.map((r) => ({
        id: r.stix_id,
        date_added: r.date_added,
        version: r.modified,
        media_type: STIX_MEDIA_TYPE,
      })),
    },
    dates: dateRange(items),
  };
}
