/**
 * Actors and indicators — reusable records of the shared picture with the same release workflow as
 * incidents — and the links an incident holds to them and to other incidents.
 */
import { z } from 'zod';
import { isoDateTime } from './common';
import { labelInputSchema, labelSchema } from '../labels/label';
import { NATION_CODE_PATTERN } from '../vocab/communities';
import { ACTOR_KINDS, INCIDENT_RELATIONS, INDICATOR_TYPES } from '../vocab/picture-records';
import { RELEASE_STATES } from '../vocab/incident-types';

const pendingReleaseSchema = z.object({ label: labelSchema, approvedBy: z.string(), approvedAt: z.string(), byMe: z.boolean() });
const releaseFields = {
  version: z.number().int(),
  releaseState: z.enum(RELEASE_STATES),
  label: labelSchema,
  /** The label proposed for release; only the originator organisation sees it. */
  proposedLabel: labelSchema.optional(),
  pendingRelease: pendingReleaseSchema.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  can: z.object({ edit: z.boolean(), release: z.boolean(), recall: z.boolean() }),
};

const actorContent = {
  kind: z.enum(ACTOR_KINDS),
  name: z.string().trim().min(1, 'Give the actor a name.').max(200),
  aliases: z.array(z.string().trim().min(1).max(200)).max(50).default([]),
  description: z.string().max(20_000).default(''),
  country: z.string().regex(NATION_CODE_PATTERN, 'country is an ISO 3166-1 alpha-3 code such as AFG').optional(),
};
export const actorCreateRequestSchema = z.strictObject({ ...actorContent, label: labelInputSchema });
export type ActorCreateRequest = z.infer<typeof actorCreateRequestSchema>;
export const actorUpdateRequestSchema = z
  .strictObject({
    kind: actorContent.kind.optional(),
    name: actorContent.name.optional(),
    aliases: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
    description: z.string().max(20_000).optional(),
    country: actorContent.country.nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Send at least one field to change.');
export type ActorUpdateRequest = z.infer<typeof actorUpdateRequestSchema>;

export const actorSchema = z.object({
  id: z.string(),
  kind: z.enum(ACTOR_KINDS),
  name: z.string(),
  aliases: z.array(z.string()),
  description: z.string(),
  country: z.string().optional(),
  ...releaseFields,
});
export type Actor = z.infer<typeof actorSchema>;

export const actorListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  kind: z.enum(ACTOR_KINDS).optional(),
  /** Part of the name or of an alias. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type ActorListQuery = z.infer<typeof actorListQuerySchema>;

/** An indicator's name: optional, what its STIX object is named (its value when it has none). */
const indicatorName = z.string().trim().max(2_048, 'A name has at most 2,048 characters.');

export const indicatorCreateRequestSchema = z
  .strictObject({
    type: z.enum(INDICATOR_TYPES),
    value: z.string().trim().min(1, 'Give the value.').max(2_048),
    name: indicatorName.optional(),
    description: z.string().max(20_000).default(''),
    firstSeen: isoDateTime().optional(),
    lastSeen: isoDateTime().optional(),
    label: labelInputSchema,
  })
  .refine((v) => !v.firstSeen || !v.lastSeen || Date.parse(v.firstSeen) <= Date.parse(v.lastSeen), {
    message: 'firstSeen must not be after lastSeen.',
    path: ['lastSeen'],
  });
export type IndicatorCreateRequest = z.infer<typeof indicatorCreateRequestSchema>;
export const indicatorUpdateRequestSchema = z
  .strictObject({
    /** Null or empty: no name (the value names it). */
    name: indicatorName.nullable().optional(),
    description: z.string().max(20_000).optional(),
    firstSeen: isoDateTime().nullable().optional(),
    lastSeen: isoDateTime().nullable().optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Send at least one field to change.');
export type IndicatorUpdateRequest = z.infer<typeof indicatorUpdateRequestSchema>;

export const indicatorSchema = z.object({
  id: z.string(),
  type: z.enum(INDICATOR_TYPES),
  /** Normalised on write. */
  value: z.string(),
  /** As given; absent when none was. */
  name: z.string().optional(),
  description: z.string(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  /** Why the value may be benign (private range, well-known domain, ...). */
  warnings: z.array(z.string()),
  ...releaseFields,
});
export type Indicator = z.infer<typeof indicatorSchema>;

export const indicatorListQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  type: z.enum(INDICATOR_TYPES).optional(),
  /** Part of the normalised value. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type IndicatorListQuery = z.infer<typeof indicatorListQuerySchema>;

export const indicatorCheckQuerySchema = z.strictObject({ type: z.enum(INDICATOR_TYPES), value: z.string().min(1).max(2_048) });
export const indicatorCheckSchema = z.union([
  z.object({ ok: z.literal(true), value: z.string(), warnings: z.array(z.string()) }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);

/** Several values checked at once (the review list of a bulk paste). */
export const indicatorChecksRequestSchema = z.strictObject({
  items: z
    .array(z.strictObject({ type: z.enum(INDICATOR_TYPES), value: z.string().min(1).max(2_048) }))
    .min(1, 'Send at least one value.')
    .max(500, 'Check at most 500 values at once.'),
});
export const indicatorChecksSchema = z.object({ items: z.array(indicatorCheckSchema) });

/** The links an incident holds; each replaces the whole set of its kind. */
export const incidentLinksRequestSchema = z
  .strictObject({
    actors: z.array(z.uuid()).max(50).optional(),
    indicators: z.array(z.uuid()).max(200).optional(),
    incidents: z
      .array(z.strictObject({ id: z.uuid(), relation: z.enum(INCIDENT_RELATIONS) }))
      .max(50)
      .optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'Send actors, indicators or incidents.');
export type IncidentLinksRequest = z.infer<typeof incidentLinksRequestSchema>;

/** The linked records the reader may read; links to anything else are not shown, nor counted. */
export const incidentLinksSchema = z.object({
  actors: z.array(z.object({ id: z.string(), kind: z.enum(ACTOR_KINDS), name: z.string(), marking: z.string() })),
  indicators: z.array(
    z.object({ id: z.string(), type: z.enum(INDICATOR_TYPES), value: z.string(), warnings: z.array(z.string()), marking: z.string() }),
  ),
  incidents: z.array(z.object({ id: z.string(), relation: z.enum(INCIDENT_RELATIONS), title: z.string(), marking: z.string() })),
});
export type IncidentLinks = z.infer<typeof incidentLinksSchema>;

/** A file to attach, as base64 (the type is decided from the content, not from the name). */
export const attachmentUploadSchema = z.strictObject({
  fileName: z.string().trim().min(1, 'Give the file name.').max(255),
  contentBase64: z.base64({ message: 'contentBase64 is the file in base64.' }).max(15_000_000),
});

export const attachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** Detected from the content. */
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;
