import { z } from 'zod';
import { isoDateTime } from './common';
import { labelInputSchema, labelSchema } from '../labels/label';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../vocab/levels';
import { NATION_CODE_PATTERN } from '../vocab/communities';
import {
  GEO_PRECISIONS,
  INCIDENT_DOMAIN_CODES,
  INCIDENT_SORTS,
  INCIDENT_DOMAINS,
  INFORMATION_CREDIBILITY,
  RELEASE_STATES,
  SOURCE_RELIABILITY,
  TIME_PRECISIONS,
} from '../vocab/incident-types';

export { INCIDENT_SORTS } from '../vocab/incident-types';
export type { IncidentSort } from '../vocab/incident-types';

/** A count that may be exact, a range, or explicitly unknown — unknown is never zero. */
export const casualtyCountSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('value'), value: z.number().int().min(0).max(1_000_000) }),
  z
    .strictObject({ kind: z.literal('range'), min: z.number().int().min(0), max: z.number().int().min(0) })
    .refine((r) => r.min <= r.max, 'A range needs min ≤ max.'),
  z.strictObject({ kind: z.literal('unknown') }),
]);
export type CasualtyCount = z.infer<typeof casualtyCountSchema>;
const unknownCount = { kind: 'unknown' as const };

export const casualtiesSchema = z.strictObject({
  killed: casualtyCountSchema.default(unknownCount),
  wounded: casualtyCountSchema.default(unknownCount),
  abducted: casualtyCountSchema.default(unknownCount),
});

export const placeSchema = z.strictObject({
  country: z.string().regex(NATION_CODE_PATTERN, 'country is an ISO 3166-1 alpha-3 code such as AFG'),
  admin1: z.string().trim().max(120).optional(),
  admin2: z.string().trim().max(120).optional(),
  name: z.string().trim().max(200).optional(),
  point: z.strictObject({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).optional(),
  precision: z.enum(GEO_PRECISIONS),
  uncertaintyKm: z.number().min(0).max(5_000).optional(),
});

export const sourceSchema = z.strictObject({
  description: z.string().trim().min(1, 'Describe the source.').max(2_000),
  reliability: z.enum(SOURCE_RELIABILITY),
  credibility: z
    .number()
    .int()
    .min(INFORMATION_CREDIBILITY[0])
    .max(INFORMATION_CREDIBILITY[INFORMATION_CREDIBILITY.length - 1] as number),
});

const incidentFields = {
  domain: z.enum(INCIDENT_DOMAIN_CODES as [string, ...string[]]),
  subtype: z.string().min(1),
  title: z.string().trim().min(1, 'Give the incident a title.').max(200),
  narrative: z.string().max(20_000).default(''),
  occurredAt: isoDateTime('occurredAt is an ISO 8601 date-time such as 2026-11-27T03:00:00Z'),
  timePrecision: z.enum(TIME_PRECISIONS),
  place: placeSchema,
  casualties: casualtiesSchema.default({ killed: unknownCount, wounded: unknownCount, abducted: unknownCount }),
};

const subtypeMatchesDomain = (value: { domain: string; subtype: string }) =>
  (INCIDENT_DOMAINS[value.domain as keyof typeof INCIDENT_DOMAINS] as readonly string[] | undefined)?.includes(value.subtype) ?? false;

/** The content of one incident (what an import row carries). */
export const incidentContentSchema = z
  .strictObject(incidentFields)
  .refine(subtypeMatchesDomain, { message: 'The subtype does not belong to the domain (see GET /api/vocabulary).', path: ['subtype'] });
export type IncidentContent = z.infer<typeof incidentContentSchema>;

/**
 * A new incident starts as a draft, visible to the author's organisation only; `label` is the
 * label proposed for release. `sources` is a field group that may carry a stricter label.
 */
export const incidentCreateRequestSchema = z
  .strictObject({
    ...incidentFields,
    label: labelInputSchema,
    sources: z.strictObject({ items: z.array(sourceSchema).min(1).max(50), label: labelInputSchema.optional() }).optional(),
  })
  .refine(subtypeMatchesDomain, { message: 'The subtype does not belong to the domain (see GET /api/vocabulary).', path: ['subtype'] });
export type IncidentCreateRequest = z.infer<typeof incidentCreateRequestSchema>;

export const incidentReleaseRequestSchema = z.strictObject({ label: labelInputSchema.optional() });

export const incidentSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  releaseState: z.enum(RELEASE_STATES),
  domain: z.string(),
  subtype: z.string(),
  title: z.string(),
  narrative: z.string(),
  occurredAt: z.string(),
  timePrecision: z.enum(TIME_PRECISIONS),
  place: placeSchema,
  casualties: z.object({ killed: casualtyCountSchema, wounded: casualtyCountSchema, abducted: casualtyCountSchema }),
  label: labelSchema,
  /** The label proposed for release; only the originator organisation sees it. */
  proposedLabel: labelSchema.optional(),
  /** Absent when the reader may not see the field group. */
  sources: z.object({ items: z.array(sourceSchema), label: labelSchema }).optional(),
  /** A release approved once and waiting for a second releasing officer (originating organisation only). */
  pendingRelease: z.object({ label: labelSchema, approvedBy: z.string(), approvedAt: z.string(), byMe: z.boolean() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ edit: z.boolean(), release: z.boolean(), recall: z.boolean() }),
});
export type Incident = z.infer<typeof incidentSchema>;

export const incidentListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  // A cursor carries the last row's sort value: a title sort's may hold a 200-character title.
  cursor: z.string().max(2_000).optional(),
  domain: z.enum(INCIDENT_DOMAIN_CODES as [string, ...string[]]).optional(),
  subtype: z.string().max(64).optional(),
  nation: z.string().regex(NATION_CODE_PATTERN, 'nation is an ISO 3166-1 alpha-3 code').optional(),
  country: z.string().regex(NATION_CODE_PATTERN, 'country is an ISO 3166-1 alpha-3 code').optional(),
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  /** west,south,east,north in degrees */
  bbox: z
    .string()
    .regex(/^-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?,-?\d+(\.\d+)?$/, 'bbox is west,south,east,north in degrees')
    .optional(),
  q: z.string().trim().min(1).max(200).optional(),
  /** Incidents linked to this actor (one the caller may read). */
  actor: z.uuid({ message: 'actor is an actor id' }).optional(),
  classification: z.enum(CLASSIFICATION_LEVELS).optional(),
  tlp: z.enum(TLP_LEVELS).optional(),
  sort: z.enum(INCIDENT_SORTS, { message: `sort is one of ${INCIDENT_SORTS.join(', ')}` }).default('newest'),
});
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

/** Versions the reader may read, each with the fields that differ from the previous one shown. */
export const recordHistorySchema = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      change: z.string(),
      /** The author's user id, and the name to show for them. */
      changedBy: z.string(),
      changedByName: z.string(),
      changedAt: z.string(),
      marking: z.string(),
      /** Fields that differ from the previous version the reader may read. */
      changedFields: z.array(z.string()),
      /**
       * The version's content, to show what changed field by field. Field groups with their own
       * label (an incident's sources) and links are not part of it.
       */
      content: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type RecordHistory = z.infer<typeof recordHistorySchema>;
export const incidentHistorySchema = recordHistorySchema;

export const vocabularySchema = z.object({
  incidentDomains: z.record(z.string(), z.array(z.string())),
  timePrecisions: z.array(z.string()),
  geoPrecisions: z.array(z.string()),
  sourceReliability: z.array(z.string()),
  informationCredibility: z.array(z.number()),
});

/** Content edits (never the label): each applied edit is a new version. */
export const incidentUpdateRequestSchema = z
  .strictObject({
    domain: incidentFields.domain.optional(),
    subtype: incidentFields.subtype.optional(),
    title: incidentFields.title.optional(),
    narrative: z.string().max(20_000).optional(),
    occurredAt: incidentFields.occurredAt.optional(),
    timePrecision: incidentFields.timePrecision.optional(),
    place: placeSchema.optional(),
    casualties: z.strictObject({ killed: casualtyCountSchema, wounded: casualtyCountSchema, abducted: casualtyCountSchema }).optional(),
    sources: z.strictObject({ items: z.array(sourceSchema).min(1).max(50) }).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Send at least one field to change.');
export type IncidentUpdateRequest = z.infer<typeof incidentUpdateRequestSchema>;

export const incidentFilterQuerySchema = incidentListQuerySchema.omit({ limit: true, cursor: true, sort: true });

export const incidentMapQuerySchema = incidentFilterQuerySchema.extend({
  zoom: z.coerce.number().int().min(0).max(18).default(5),
});

/** Map clusters over what the reader may read: grid cells with their centroid and count. */
/** The marking of the most restrictive record counted, for the screen's banner. */
const mostRestrictiveSchema = z.object({ classification: z.enum(CLASSIFICATION_LEVELS), marking: z.string() }).nullable();

export const incidentMapSchema = z.object({
  total: z.number().int(),
  mostRestrictive: mostRestrictiveSchema,
  clusters: z.array(
    z.object({
      lat: z.number(),
      lon: z.number(),
      count: z.number().int(),
      /** The cluster's incidents by domain, most first (the cluster's colour is the first). */
      domains: z.array(z.object({ domain: z.string(), count: z.number().int() })),
      /** Present when the cluster is a single incident, to open it and show its card. */
      id: z.string().optional(),
      title: z.string().optional(),
      occurredAt: z.string().optional(),
      uncertaintyKm: z.number().optional(),
    }),
  ),
});

export const incidentTimelineQuerySchema = incidentFilterQuerySchema;

/**
 * The timeline over what the reader may read: counts per bucket (UTC day, ISO week or month,
 * `start` as YYYY-MM-DD) and domain; the incidents themselves when there are few enough.
 */
export const incidentTimelineSchema = z.object({
  total: z.number().int(),
  mostRestrictive: mostRestrictiveSchema,
  /** First and last time among the matching incidents (null when none). */
  first: z.string().nullable(),
  last: z.string().nullable(),
  unit: z.enum(['day', 'week', 'month']),
  buckets: z.array(z.object({ start: z.string(), domain: z.string(), count: z.number().int() })),
  /** Every matching incident, oldest first, when there are at most 300; absent otherwise. */
  items: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        domain: z.string(),
        occurredAt: z.string(),
        timePrecision: z.enum(TIME_PRECISIONS),
      }),
    )
    .optional(),
});
export type IncidentTimeline = z.infer<typeof incidentTimelineSchema>;

const bucketsSchema = z.array(z.object({ key: z.string(), count: z.number().int() }));
export const incidentStatsSchema = z.object({
  total: z.number().int(),
  mostRestrictive: mostRestrictiveSchema,
  byDomain: bucketsSchema,
  byNation: bucketsSchema,
  byMonth: bucketsSchema,
});
export type IncidentStats = z.infer<typeof incidentStatsSchema>;

export const EXPORT_FORMATS = ['json', 'csv', 'geojson', 'stix'] as const;
/** At most this many incidents are named by id in one export (a selection in the list). */
export const MAX_EXPORT_IDS = 200;

export const incidentExportQuerySchema = incidentFilterQuerySchema.extend({
  format: z.enum(EXPORT_FORMATS).default('json'),
  /** Only these incidents (comma-separated ids, a selection), of those the filters match and the caller may read. */
  ids: z
    .string()
    .transform((value) => value.split(',').filter((id) => id !== ''))
    .pipe(
      z
        .array(z.uuid({ message: 'ids are incident ids separated by commas' }))
        .min(1, 'Name at least one incident in ids, or leave ids out.')
        .max(MAX_EXPORT_IDS, `Export at most ${MAX_EXPORT_IDS} incidents by id at once.`),
    )
    .optional(),
});

/** How many readable incidents match the filters (the list's "N incidents"). */
export const incidentCountSchema = z.object({ total: z.number().int() });

/** Bulk import: CSV text (ACLED-like columns), one label for every row, all rows or none. */
export const incidentImportRequestSchema = z.strictObject({
  csv: z.string().min(1, 'Send the CSV text.'),
  label: labelInputSchema,
  /** Release at once under `label` (releasing officers only); otherwise the rows arrive as drafts. */
  release: z.boolean().default(false),
  /** Validate and report without writing. */
  dryRun: z.boolean().default(false),
});
export const incidentImportResultSchema = z.object({
  rows: z.number().int(),
  imported: z.number().int(),
  released: z.boolean(),
  dryRun: z.boolean(),
  /** A dry run: the first rows as they would be created (`row` as a spreadsheet numbers it, the header being 1). */
  preview: z.array(z.object({ row: z.number().int(), content: z.object(incidentFields) })).optional(),
  /** A dry run: every problem (at most 500), each naming its row and CSV column; an import refuses a file with any. */
  problems: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** An import: the first 100 records created, to link to. */
  created: z.array(z.object({ id: z.string(), title: z.string() })).optional(),
});

/** Why two incidents are related; each names only what the reader may read. */
export const relatedReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('place-and-time'), distanceKm: z.number() }),
  z.object({ kind: z.literal('shared-indicator'), id: z.string(), value: z.string() }),
  z.object({ kind: z.literal('shared-actor'), id: z.string(), name: z.string() }),
]);
export type RelatedReason = z.infer<typeof relatedReasonSchema>;

export const relatedIncidentsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      domain: z.string(),
      subtype: z.string(),
      occurredAt: z.string(),
      place: z.string(),
      reasons: z.array(relatedReasonSchema).min(1),
    }),
  ),
});
