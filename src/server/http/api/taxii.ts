/**
 * TAXII 2.1 (read): discovery, the API root, the collection, its objects, one object, its versions
 * and the manifest — TAXII media types and error messages, bearer API tokens (or a session).
 */
import { may } from '../../domain/policy/policy';
import { z } from 'zod';
import { API_ROOT, collection, getManifest, getObject, getObjects, getVersions, requireCollection } from '../../domain/taxii/taxii-service';
import { TAXII_MEDIA_TYPE } from '../error-handler';
import { defineRoute } from '../route';
import { addObjects, getStatus, refuseDelete } from '../../domain/taxii/taxii-add';
import { TAXII_MAX_CONTENT_LENGTH } from '../taxii-protocol';
import type { FastifyReply } from 'fastify';
import type { UserActor } from '../../domain/auth/actor';
import type { Context } from '../../context';
import { CHECKPOINT_HEADER, checkpointHeader } from '../../domain/federation/audit-exchange';
import { nodeAudienceOf } from '../../domain/federation/node-audience';
import type { ObjectQuery, TaxiiReader } from '../../domain/taxii/taxii-service';

const list = z
  .string()
  .max(4_000)
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const objectsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1, 'limit is at least 1.').optional(),
  next: z.string().max(200).optional(),
  added_after: z.string().max(40).optional(),
  'match[id]': list.optional(),
  'match[type]': list.optional(),
  'match[version]': z.string().max(1_000).optional(),
  'match[spec_version]': z.string().max(40).optional(),
});
type ObjectsQuery = z.output<typeof objectsQuerySchema>;

const toQuery = (q: ObjectsQuery): ObjectQuery => ({
  limit: q.limit,
  next: q.next,
  addedAfter: q.added_after,
  ids: q['match[id]'],
  types: q['match[type]'],
  version: q['match[version]'],
  specVersion: q['match[spec_version]'],
});

const collectionParams = z.strictObject({ collection: z.string().max(100) });
const objectParams = z.strictObject({ collection: z.string().max(100), object: z.string().max(200) });
const envelope = z.record(z.string(), z.unknown());

/** Whether the caller may add objects (a releasing officer; a peer node never does). */
const canAdd = (actor: UserActor | null) => actor !== null && may(actor, 'record.release');

type Dates = { dates?: { first: string; last: string } | null };

/**
 * A TAXII envelope in TAXII's media type, with the date range headers of object pages. An envelope
 * already in JSON text (a page of stored objects) is sent as it is.
 */
function taxii<T>(reply: FastifyReply, result: ({ envelope: T } | { text: string }) & Dates): T {
  reply.header('content-type', TAXII_MEDIA_TYPE);
  if (result.dates) reply.header('X-TAXII-Date-Added-First', result.dates.first).header('X-TAXII-Date-Added-Last', result.dates.last);
  return ('text' in result ? result.text : result.envelope) as T;
}

/** A read of the collection's contents: each object decided by the read rule over its own label. */
function collectionRead(
  path: string,
  summary: string,
  form: 'pages' | 'object',
  read: (
    ctx: Context,
    reader: TaxiiReader,
    object: string,
    query: ObjectQuery,
  ) => Promise<({ envelope: unknown } | { text: string }) & Dates>,
) {
  return defineRoute({
    method: 'GET',
    url: `${API_ROOT}collections/:collection/${path}`,
    summary,
    tag: 'taxii',
    auth: 'user-or-node',
    scope: 'taxii',
    params: path.includes(':object') ? objectParams : collectionParams,
    query: objectsQuerySchema,
    response: envelope,
    reads: { kind: 'taxii', form },
    handler: async ({ ctx, actor, peer, params, query, reply }) => {
      requireCollection(params.collection);
      const reader: TaxiiReader = peer
        ? { kind: 'node', peer, audience: await nodeAudienceOf(ctx.database.db, peer) }
        : { kind: 'user', actor: actor! };
      // A pulling peer also gets this node's audit head, signed now (audit-exchange.ts).
      if (peer) reply.header(CHECKPOINT_HEADER, await checkpointHeader(ctx, peer));
      return taxii(reply, await read(ctx, reader, 'object' in params ? String(params.object) : '', toQuery(query))) as Record<
        string,
        unknown
      >;
    },
  });
}

export const taxiiRoutes = [
  defineRoute({
    method: 'GET',
    url: '/taxii2/',
    summary: 'TAXII 2.1 discovery',
    tag: 'taxii',
    auth: 'user-or-node',
    scope: 'taxii',
    response: envelope,
    reads: { kind: 'none', why: 'the server description' },
    handler: async ({ ctx, reply }) =>
      taxii(reply, {
        envelope: {
          title: `Concord ${ctx.node.nation} node`,
          description: 'STIX 2.1 objects this node publishes, each released only to those its label allows.',
          default: new URL(API_ROOT, ctx.config.publicUrl).toString(),
          api_roots: [new URL(API_ROOT, ctx.config.publicUrl).toString()],
        },
      }),
  }),
  defineRoute({
    method: 'GET',
    url: API_ROOT,
    summary: 'TAXII 2.1 API root',
    tag: 'taxii',
    auth: 'user-or-node',
    scope: 'taxii',
    response: envelope,
    reads: { kind: 'none', why: 'the API root description' },
    handler: async ({ reply }) =>
      taxii(reply, {
        envelope: { title: 'Concord records', versions: [TAXII_MEDIA_TYPE], max_content_length: TAXII_MAX_CONTENT_LENGTH },
      }),
  }),
  defineRoute({
    method: 'GET',
    url: `${API_ROOT}collections/`,
    summary: 'TAXII 2.1 collections',
    tag: 'taxii',
    auth: 'user-or-node',
    scope: 'taxii',
    response: envelope,
    reads: { kind: 'none', why: 'the collection description, the same for everyone' },
    handler: async ({ actor, reply }) => taxii(reply, { envelope: { collections: [collection(canAdd(actor))] } }),
  }),
  defineRoute({
    method: 'GET',
    url: `${API_ROOT}collections/:collection/`,
    summary: 'TAXII 2.1 collection',
    tag: 'taxii',
    auth: 'user-or-node',
    scope: 'taxii',
    params: collectionParams,
    response: envelope,
    reads: { kind: 'none', why: 'the collection description, the same for everyone' },
    handler: async ({ actor, params, reply }) => {
      requireCollection(params.collection);
      return taxii(reply, { envelope: collection(canAdd(actor)) });
    },
  }),
  collectionRead(
    'objects/',
    'TAXII 2.1 objects: those the caller may read, oldest added first (limit, next, added_after, match[id|type|version|spec_version])',
    'pages',
    (ctx, reader, _object, query) => getObjects(ctx, reader, query),
  ),
  collectionRead(
    'objects/:object/',
    'TAXII 2.1 object by id (404 when missing or not releasable to the caller — the same answer)',
    'object',
    (ctx, reader, object, query) => getObject(ctx, reader, object, query),
  ),
  collectionRead(
    'objects/:object/versions/',
    'TAXII 2.1 versions of an object the caller may read',
    'object',
    (ctx, reader, object, query) => getVersions(ctx, reader, object, query),
  ),
  collectionRead('manifest/', 'TAXII 2.1 manifest of the objects the caller may read', 'pages', (ctx, reader, _object, query) =>
    getManifest(ctx, reader, query),
  ),
  defineRoute({
    method: 'POST',
    url: `${API_ROOT}collections/:collection/objects/`,
    summary:
      'TAXII 2.1 add objects (releasing officers): checked like a STIX import, each object added or refused on its own with its reason; objects without a Concord label arrive as drafts of the poster’s organisation alone; answers a status resource',
    tag: 'taxii',
    auth: 'user',
    scope: 'taxii',
    params: collectionParams,
    // The envelope's shape here (400); whether each entry is a STIX object is the domain's to say (422).
    body: z.object({
      objects: z
        .array(z.unknown(), { message: 'Send a TAXII envelope: {"objects": [...]}.' })
        .min(1, 'Send at least one object.')
        .max(10_000, 'At most 10,000 objects per request.'),
    }),
    bodyLimit: TAXII_MAX_CONTENT_LENGTH,
    response: envelope,
    status: 202,
    handler: async ({ ctx, actor, params, body, reply }) => {
      requireCollection(params.collection);
      return taxii(reply, { envelope: await addObjects(ctx, actor, body.objects) }) as unknown as Record<string, unknown>;
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: `${API_ROOT}collections/:collection/objects/:object/`,
    summary:
      'TAXII 2.1 delete an object: not done here (a record is withdrawn by its recall, which reaches partners); 403 for an object the caller may read, 404 as for a missing one otherwise (docs/decisions/0026)',
    tag: 'taxii',
    auth: 'user',
    scope: 'taxii',
    idempotent: false,
    params: objectParams,
    query: objectsQuerySchema,
    response: envelope,
    handler: async ({ ctx, actor, params, query }) => {
      requireCollection(params.collection);
      return refuseDelete(ctx, actor, params.object, toQuery(query));
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${API_ROOT}status/:status/`,
    summary: 'TAXII 2.1 status of an add-objects request (its author only)',
    tag: 'taxii',
    auth: 'user',
    scope: 'taxii',
    params: z.strictObject({ status: z.uuid({ message: 'A status id is a UUID.' }) }),
    response: envelope,
    reads: { kind: 'none', why: "the caller's own request's outcome: object ids it sent and messages" },
    handler: async ({ ctx, actor, params, reply }) =>
      taxii(reply, { envelope: await getStatus(ctx, actor, params.status) }) as unknown as Record<string, unknown>,
  }),
];
