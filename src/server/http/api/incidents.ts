import { Readable } from 'node:stream';
import { z } from 'zod';
import { idParamsSchema, pageOf } from '../../../shared/contracts/common';
import {
  INCIDENT_SORTS,
  incidentCountSchema,
  incidentCreateRequestSchema,
  incidentExportQuerySchema,
  incidentImportRequestSchema,
  incidentImportResultSchema,
  incidentFilterQuerySchema,
  incidentMapQuerySchema,
  incidentMapSchema,
  incidentStatsSchema,
  incidentTimelineQuerySchema,
  incidentTimelineSchema,
  incidentHistorySchema,
  incidentListQuerySchema,
  incidentReleaseRequestSchema,
  incidentSchema,
  incidentUpdateRequestSchema,
  relatedIncidentsSchema,
  vocabularySchema,
} from '../../../shared/contracts/incidents';
import {
  GEO_PRECISIONS,
  INCIDENT_DOMAINS,
  INFORMATION_CREDIBILITY,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
} from '../../../shared/vocab/incident-types';
import {
  countIncidents,
  createIncident,
  getIncident,
  incidentHistory,
  listIncidents,
  pendingIncidentRelease,
  releaseIncident,
  updateIncident,
} from '../../domain/incidents/incident-service';
import { relatedIncidents } from '../../domain/incidents/incident-correlation';
import { incidentLinks, setIncidentLinks } from '../../domain/incidents/incident-links';
import { addAttachment, getAttachment, listAttachments } from '../../domain/incidents/incident-attachments';
import { attachmentSchema, attachmentUploadSchema } from '../../../shared/contracts/picture-records';
import { incidentLinksRequestSchema, incidentLinksSchema } from '../../../shared/contracts/picture-records';
import { importIncidents } from '../../domain/incidents/incident-import';
import type { ImportReport } from '../../domain/incidents/incident-import';
import { exportIncidents, incidentMap, incidentStats, incidentTimeline } from '../../domain/incidents/incident-views';
import { incidentExportText } from '../presenters/incident-export';
import { stixBundleText } from '../../domain/stix/stix-bundle';
import { wantsProgress, withProgress } from '../progress-stream';
import { presentIncident } from '../presenters/incident-presenter';
import { presentHistory } from '../presenters/history-presenter';
import { defineRoute } from '../route';
import { sendFile } from '../file-download';
import { versionTag } from '../if-match';

const presentAttachment = (row: {
  id: string;
  file_name: string;
  media_type: string;
  size: number;
  sha256: string;
  created_at: Date | string;
}) => ({
  id: row.id,
  fileName: row.file_name,
  mediaType: row.media_type,
  size: row.size,
  sha256: row.sha256,
  createdAt: new Date(row.created_at).toISOString(),
});

const EXPORT_TYPES = {
  stix: 'application/stix+json;version=2.1',
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

export const incidentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/vocabulary',
    summary: 'Incident domains and subtypes, precisions, admiralty codes',
    tag: 'incidents',
    auth: 'user',
    response: vocabularySchema,
    reads: { kind: 'none', why: 'fixed vocabulary' },
    handler: async () => ({
      incidentDomains: Object.fromEntries(Object.entries(INCIDENT_DOMAINS).map(([k, v]) => [k, [...v]])),
      timePrecisions: [...TIME_PRECISIONS],
      geoPrecisions: [...GEO_PRECISIONS],
      sourceReliability: [...SOURCE_RELIABILITY],
      informationCredibility: [...INFORMATION_CREDIBILITY],
    }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents',
    summary: 'Record an incident as a draft (visible to your organisation) with the label proposed for release',
    tag: 'incidents',
    auth: 'user',
    body: incidentCreateRequestSchema,
    response: incidentSchema,
    status: 201,
    handler: async ({ ctx, actor, body }) => presentIncident(await createIncident(ctx, actor, body), actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents',
    summary:
      'Incidents the caller may read: filters, full-text search, sorted (newest first by default; by title, country or classification), cursor pagination',
    tag: 'incidents',
    auth: 'user',
    query: incidentListQuerySchema,
    response: pageOf(incidentSchema),
    reads: { kind: 'list', recordKind: 'incident', sorts: INCIDENT_SORTS },
    handler: async ({ ctx, actor, query }) => {
      const page = await listIncidents(ctx, actor, query);
      return { items: page.items.map((row) => presentIncident(row, actor)), next: page.next };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents/import',
    summary:
      'Import incidents from CSV (ACLED-like columns) under one label: every row checked, all or nothing. With `Accept: application/x-ndjson` the answer streams progress lines, then the result',
    tag: 'incidents',
    auth: 'user',
    body: incidentImportRequestSchema,
    bodyLimit: 32 * 1_048_576,
    response: incidentImportResultSchema,
    handler: async ({ ctx, actor, body, request, reply }) =>
      wantsProgress(request)
        ? // An NDJSON stream of progress lines ending with the same result (see progress-stream.ts).
          ((await withProgress(request, reply, (progress) => importIncidents(ctx, actor, body, progress))) as ImportReport)
        : importIncidents(ctx, actor, body),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/map',
    summary: 'Map clusters of readable incidents for a viewport (bbox) and zoom, with the same filters as the list',
    tag: 'incidents',
    auth: 'user',
    query: incidentMapQuerySchema,
    response: incidentMapSchema,
    reads: { kind: 'aggregate', recordKind: 'incident' },
    handler: async ({ ctx, actor, query }) => {
      const { zoom, ...filter } = query;
      return incidentMap(ctx, actor, filter, zoom);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/count',
    summary: 'How many incidents the caller may read match the filters (the same filters as the list)',
    tag: 'incidents',
    auth: 'user',
    query: incidentFilterQuerySchema,
    response: incidentCountSchema,
    reads: { kind: 'aggregate', recordKind: 'incident' },
    handler: async ({ ctx, actor, query }) => ({ total: await countIncidents(ctx, actor, query) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/timeline',
    summary:
      'Timeline of readable incidents with the same filters as the list: counts per UTC day, week or month and domain, and the incidents themselves when at most 300 match',
    tag: 'incidents',
    auth: 'user',
    query: incidentTimelineQuerySchema,
    response: incidentTimelineSchema,
    reads: { kind: 'aggregate', recordKind: 'incident' },
    handler: async ({ ctx, actor, query }) => incidentTimeline(ctx, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/stats',
    summary: 'Counts of readable incidents by domain, originating nation and month (dashboard)',
    tag: 'incidents',
    auth: 'user',
    query: incidentFilterQuerySchema,
    response: incidentStatsSchema,
    reads: { kind: 'aggregate', recordKind: 'incident' },
    handler: async ({ ctx, actor, query }) => incidentStats(ctx, actor, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/export',
    summary:
      'Every readable incident matching the filters (and, with `ids`, only those of a selection) as JSON, CSV, GeoJSON or a STIX 2.1 bundle (a download)',
    tag: 'incidents',
    auth: 'user',
    query: incidentExportQuerySchema,
    response: z.unknown(),
    reads: { kind: 'export', recordKind: 'incident' },
    handler: async ({ ctx, actor, query, reply }) => {
      const { format, ...filter } = query;
      // Refused here (429) before anything is sent; then read, audited and sent page by page.
      const pages = exportIncidents(ctx, actor, filter, format);
      const stamp = ctx.clock.now().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="incidents-${stamp}.${format === 'stix' ? 'stix.json' : format}"`);
      reply.type(EXPORT_TYPES[format]);
      return Readable.from(format === 'stix' ? stixBundleText(ctx, actor, pages) : incidentExportText(format, pages, actor), {
        objectMode: false,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id',
    summary: 'One incident (404 when missing or not releasable to the caller — the same answer)',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: incidentSchema,
    reads: { kind: 'record', recordKind: 'incident' },
    handler: async ({ ctx, actor, params, reply }) => {
      const row = await getIncident(ctx, actor, params.id);
      reply.header('etag', versionTag(row.version));
      return presentIncident(row, actor, await pendingIncidentRelease(ctx, actor, row));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id/history',
    summary:
      'Versions of an incident the caller may read: who changed it, when, the fields each changed and its content (sources, which carry their own label, are not part of it)',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: incidentHistorySchema,
    reads: { kind: 'record', recordKind: 'incident' },
    handler: async ({ ctx, actor, params }) => presentHistory(await incidentHistory(ctx, actor, params.id)),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id/related',
    summary: 'Incidents near this one in place (25 km) and time (±3 days) that the caller may read — at most 20, never a count of the rest',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: relatedIncidentsSchema,
    reads: { kind: 'record', recordKind: 'incident' },
    handler: async ({ ctx, actor, params }) => ({ items: await relatedIncidents(ctx, actor, params.id) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id/links',
    summary: 'Actors, indicators and incidents this incident links to — only those the caller may read, never a count of the rest',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: incidentLinksSchema,
    reads: { kind: 'record', recordKind: 'incident' },
    handler: async ({ ctx, actor, params }) => incidentLinks(ctx, actor, params.id),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/incidents/:id/links',
    summary:
      'Set the actors, indicators or incidents an incident links to (each list sent replaces the links of that kind you can read; a new version)',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    body: incidentLinksRequestSchema,
    response: incidentLinksSchema,
    versioned: 'required',
    handler: async ({ ctx, actor, params, body, ifMatch }) => {
      await setIncidentLinks(ctx, actor, params.id, body, ifMatch);
      return incidentLinks(ctx, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/incidents/:id/attachments',
    summary: "An incident's attachments (name, detected type, size, SHA-256) — readable exactly when the incident is",
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: z.object({ items: z.array(attachmentSchema) }),
    reads: { kind: 'record', recordKind: 'incident' },
    handler: async ({ ctx, actor, params }) => ({ items: (await listAttachments(ctx, actor, params.id)).map(presentAttachment) }),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents/:id/attachments',
    summary: 'Attach a file (base64; type decided from the content: documents, images, plain text; at most 10 MiB)',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    body: attachmentUploadSchema,
    bodyLimit: 16 * 1_048_576,
    response: attachmentSchema,
    status: 201,
    handler: async ({ ctx, actor, params, body }) => {
      const row = await addAttachment(ctx, actor, params.id, body);
      if (!row) throw new Error('attachment vanished');
      return presentAttachment(row);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/attachments/:id',
    summary: 'Download an attachment (always as a file, never shown inline; 404 when missing or its incident is not releasable to you)',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    response: z.unknown(),
    reads: { kind: 'record', recordKind: 'attachment' },
    handler: async ({ ctx, actor, params, reply }) => {
      return sendFile(reply, await getAttachment(ctx, actor, params.id));
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/incidents/:id',
    summary:
      "Edit an incident's content (a new version when something changed; If-Match names the version edited; the label is changed by release only)",
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    body: incidentUpdateRequestSchema,
    response: incidentSchema,
    versioned: 'required',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await updateIncident(ctx, actor, params.id, body, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentIncident(row, actor);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/incidents/:id/release',
    summary: 'Release a draft under its proposed label (or the label sent), or widen a released incident',
    tag: 'incidents',
    auth: 'user',
    params: idParamsSchema,
    body: incidentReleaseRequestSchema,
    response: incidentSchema,
    versioned: 'optional',
    handler: async ({ ctx, actor, params, body, ifMatch, reply }) => {
      const row = await releaseIncident(ctx, actor, params.id, body.label, ifMatch);
      reply.header('etag', versionTag(row.version));
      return presentIncident(row, actor, await pendingIncidentRelease(ctx, actor, row));
    },
  }),
];
