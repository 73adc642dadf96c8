/** Actors and indicators: reusable records of the shared picture, with the incident release workflow. */
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import { incidentReleaseRequestSchema, recordHistorySchema } from '../../../shared/contracts/incidents';
import {
  actorCreateRequestSchema,
  actorListQuerySchema,
  actorSchema,
  actorUpdateRequestSchema,
  indicatorCheckQuerySchema,
  indicatorCheckSchema,
  indicatorChecksRequestSchema,
  indicatorChecksSchema,
  indicatorCreateRequestSchema,
  indicatorListQuerySchema,
  indicatorSchema,
  indicatorUpdateRequestSchema,
} from '../../../shared/contracts/picture-records';
import {
  actorHistory,
  createActor,
  getActor,
  listActors,
  pendingActorRelease,
  releaseActor,
  updateActor,
} from '../../domain/actors/actor-service';
import {
  createIndicator,
  getIndicator,
  indicatorHistory,
  listIndicators,
  pendingIndicatorRelease,
  releaseIndicator,
  updateIndicator,
} from '../../domain/indicators/indicator-service';
import { normaliseIndicator } from '../../domain/indicators/normalise-indicator';
import { presentActor, presentIndicator } from '../presenters/picture-record-presenters';
import { defineRoute } from '../route';
import { versionTag } from '../if-match';
import { presentHistory } from '../presenters/history-presenter';

export const actorRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/actors',
    summary: 'Record an actor (armed group, criminal network, state force, ...) as a draft with the label proposed for release',
    tag: 'actors',
    auth: 'user',
    body: actorCreateRequestSchema,
    response: actorSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentActor(await createActor(ctx, actor, body), actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/actors',
    summary: 'Actors the caller may read: by kind, by part of a name or alias, newest first, cursor pagination',
    tag: 'actors',
    auth: 'user',
    query: actorListQuerySchema,
    response: pageOf(actorSchema),
    reads: { kind: 'list', recordKind: 'actor' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listActors(ctx, actor, query);
      return { items: page.items.map((row) => presentActor(row, actor)), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/actors/:id',
    summary: 'One actor (404 when missing or not releasable to the caller — the same answer)',
    tag: 'actors',
    auth: 'user',
    params: idParamsSchema,
    response: actorSchema,
    reads: { kind: 'record', recordKind: 'actor' },
    handler: async ({ ctx, actor, params, reply }) => {
      const row = await getActor(ctx, actor, params.id);
      reply.header('etag', versionTag(row.version));
      return presentActor(row, actor, await pendingActorRelease(ctx, actor, row));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/actors/:id/history',
    summary: 'Versions of an actor the caller may read, with the fields each changed',
    tag: 'actors',
    auth: 'user',
    params: idParamsSchema,
    response: recordHistorySchema,
    reads: { kind: 'record', recordKind: 'actor' },
    handler: async ({ ctx, actor, params }) => presentHistory(await actorHistory(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/actors/:id',
    summary: "Edit an actor's content (a new version; the label is changed by release only)",
    tag: 'actors',
    auth: 'user',
    params: idParamsSchema,
    body: actorUpdateRequestSchema,
    response: actorSchema,
    versioned: 'required',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await updateActor(ctx, actor, params.id, body, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentActor(row, actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/actors/:id/release',
    summary: 'Release a draft actor under its proposed label (or the label sent), or widen a released one',
    tag: 'actors',
    auth: 'user',
    params: idParamsSchema,
    body: incidentReleaseRequestSchema,
    response: actorSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await releaseActor(ctx, actor, params.id, body.label, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentActor(row, actor, await pendingActorRelease(ctx, actor, row));
    },
  }),
];

export const indicatorRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/indicators/check',
    summary: 'Normalise a value as it would be stored and say why it may be benign, without storing anything',
    tag: 'indicators',
    auth: 'user',
    query: indicatorCheckQuerySchema,
    response: indicatorCheckSchema,
    reads: { kind: 'none', why: 'normalises the value sent; reads no record' },
    handler: async ({ query }) => normaliseIndicator(query.type, query.value),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/indicators/checks',
    summary: 'Normalise several values as they would be stored and say why each may be benign, without storing anything',
    tag: 'indicators',
    auth: 'user',
    scope: 'read',
    // Changes nothing: a retry is as good as the first call.
    idempotent: false,
    body: indicatorChecksRequestSchema,
    response: indicatorChecksSchema,
    handler: async ({ body }) => ({ items: body.items.map((item) => normaliseIndicator(item.type, item.value)) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/indicators',
    summary: 'Record a cyber indicator (normalised on write) as a draft with the label proposed for release',
    tag: 'indicators',
    auth: 'user',
    body: indicatorCreateRequestSchema,
    response: indicatorSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentIndicator(await createIndicator(ctx, actor, body), actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators',
    summary: 'Indicators the caller may read: by type, by part of the value, newest first, cursor pagination',
    tag: 'indicators',
    auth: 'user',
    query: indicatorListQuerySchema,
    response: pageOf(indicatorSchema),
    reads: { kind: 'list', recordKind: 'indicator' },
    handler: async ({ ctx, actor, query }) => {
      const page = await listIndicators(ctx, actor, query);
      return { items: page.items.map((row) => presentIndicator(row, actor)), next: page.next };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/:id',
    summary: 'One indicator (404 when missing or not releasable to the caller — the same answer)',
    tag: 'indicators',
    auth: 'user',
    params: idParamsSchema,
    response: indicatorSchema,
    reads: { kind: 'record', recordKind: 'indicator' },
    handler: async ({ ctx, actor, params, reply }) => {
      const row = await getIndicator(ctx, actor, params.id);
      reply.header('etag', versionTag(row.version));
      return presentIndicator(row, actor, await pendingIndicatorRelease(ctx, actor, row));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/indicators/:id/history',
    summary: 'Versions of an indicator the caller may read, with the fields each changed',
    tag: 'indicators',
    auth: 'user',
    params: idParamsSchema,
    response: recordHistorySchema,
    reads: { kind: 'record', recordKind: 'indicator' },
    handler: async ({ ctx, actor, params }) => presentHistory(await indicatorHistory(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/indicators/:id',
    summary: "Edit an indicator's description and sightings (a new version)",
    tag: 'indicators',
    auth: 'user',
    params: idParamsSchema,
    body: indicatorUpdateRequestSchema,
    response: indicatorSchema,
    versioned: 'required',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await updateIndicator(ctx, actor, params.id, body, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentIndicator(row, actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/indicators/:id/release',
    summary: 'Release a draft indicator under its proposed label (or the label sent), or widen a released one',
    tag: 'indicators',
    auth: 'user',
    params: idParamsSchema,
    body: incidentReleaseRequestSchema,
    response: indicatorSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await releaseIndicator(ctx, actor, params.id, body.label, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentIndicator(row, actor, await pendingIndicatorRelease(ctx, actor, row));
    },
  }),
];
