/**
 * Vocabulary of the shared picture's reusable records: actor kinds (ACLED-style), cyber indicator
 * types, and the relations an incident may have to other records. Codes are stable; the web app
 * translates them.
 */
export const ACTOR_KINDS = [
  'state-force',
  'armed-group',
  'criminal-network',
  'political-militia',
  'identity-militia',
  'external-force',
  'civilians',
  'unidentified',
  'other',
] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** How one incident relates to another incident it links to. */
export const INCIDENT_RELATIONS = ['related', 'duplicate-of', 'part-of'] as const;
export type IncidentRelation = (typeof INCIDENT_RELATIONS)[number];

/** The kinds of record a link may point to, and the relation it carries. */
export const LINK_KINDS = ['actor', 'indicator', 'incident'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
