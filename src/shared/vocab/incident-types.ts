/**
 * The incident vocabulary: ACLED-style event typing extended past political violence. One file,
 * so the web app, the API schemas and imports share it. Codes are stable; labels are English
 * defaults (the web app translates by code).
 */
export const INCIDENT_DOMAINS = {
  'terrorism-militancy': [
    'attack-on-security-forces',
    'attack-on-civilians',
    'suicide-attack',
    'kidnapping',
    'militant-movement',
    'arrest-of-militants',
  ],
  'armed-clash': ['clash-with-armed-group', 'cross-border-fire', 'clash-between-armed-groups', 'ambush'],
  'explosive-remote-violence': ['ied-detonation', 'ied-found', 'shelling-artillery', 'drone-strike', 'grenade', 'landmine'],
  narcotics: ['seizure', 'trafficking-route', 'laboratory-dismantled', 'cultivation-eradication', 'arrest-of-traffickers'],
  'trafficking-smuggling': ['people', 'weapons', 'goods', 'fuel', 'cash'],
  'border-incident': ['incursion', 'illegal-crossing', 'airspace-violation', 'border-closure', 'border-post-attack'],
  cyber: ['intrusion', 'ddos', 'defacement', 'data-leak', 'phishing-campaign', 'malware'],
  other: ['other'],
} as const satisfies Record<string, readonly string[]>;

export type IncidentDomain = keyof typeof INCIDENT_DOMAINS;
export const INCIDENT_DOMAIN_CODES = Object.keys(INCIDENT_DOMAINS) as IncidentDomain[];

export function isSubtypeOf(domain: IncidentDomain, subtype: string): boolean {
  return (INCIDENT_DOMAINS[domain] as readonly string[]).includes(subtype);
}

/** How exactly the time of an incident is known; the timeline draws imprecise times as bars. */
export const TIME_PRECISIONS = ['exact', 'day', 'week', 'month'] as const;
/** How exactly the place is known. */
export const GEO_PRECISIONS = ['exact', 'near', 'admin2', 'admin1', 'country'] as const;

/** Admiralty code: source reliability A–F and information credibility 1–6. */
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const INFORMATION_CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;

export const RELEASE_STATES = ['draft', 'released'] as const;

/**
 * How a list of incidents may be ordered: by when they occurred (newest or oldest first), or by
 * title, country or classification, ascending or (`-desc`) descending; ties in id order, so a
 * page boundary never splits or repeats a row.
 */
export const INCIDENT_SORTS = [
  'newest',
  'oldest',
  'title',
  'title-desc',
  'country',
  'country-desc',
  'classification',
  'classification-desc',
] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];
