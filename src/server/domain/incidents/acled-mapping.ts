/**
 * How ACLED's columns and event typing become Concord incident content. ACLED types political
 * violence and protest; Concord's domains reach past it (narcotics, smuggling, cyber), so every
 * ACLED pair has one Concord pair, the closest, and ACLED's own words stay in the narrative.
 * The table is documented in docs/OPERATIONS.md ("ACLED files").
 */
import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };
import { INCIDENT_DOMAINS } from '../../../shared/vocab/incident-types';
import type { IncidentDomain } from '../../../shared/vocab/incident-types';

countries.registerLocale(english);

type Pair = readonly [IncidentDomain, string];

/** ACLED event type → sub-event type → Concord domain and subtype (both lower-cased). */
export const ACLED_EVENT_TYPES: Record<string, Record<string, Pair>> = {
  battles: {
    'armed clash': ['armed-clash', 'clash-between-armed-groups'],
    'government regains territory': ['armed-clash', 'clash-with-armed-group'],
    'non-state actor overtakes territory': ['armed-clash', 'clash-with-armed-group'],
  },
  'explosions/remote violence': {
    'chemical weapon': ['explosive-remote-violence', 'shelling-artillery'],
    'air/drone strike': ['explosive-remote-violence', 'drone-strike'],
    'suicide bomb': ['terrorism-militancy', 'suicide-attack'],
    'shelling/artillery/missile attack': ['explosive-remote-violence', 'shelling-artillery'],
    'remote explosive/landmine/ied': ['explosive-remote-violence', 'ied-detonation'],
    grenade: ['explosive-remote-violence', 'grenade'],
  },
  'violence against civilians': {
    'sexual violence': ['terrorism-militancy', 'attack-on-civilians'],
    attack: ['terrorism-militancy', 'attack-on-civilians'],
    'abduction/forced disappearance': ['terrorism-militancy', 'kidnapping'],
  },
  protests: {
    'peaceful protest': ['other', 'other'],
    'protest with intervention': ['other', 'other'],
    'excessive force against protesters': ['other', 'other'],
  },
  riots: {
    'violent demonstration': ['other', 'other'],
    'mob violence': ['other', 'other'],
  },
  'strategic developments': {
    agreement: ['other', 'other'],
    arrests: ['terrorism-militancy', 'arrest-of-militants'],
    'change to group/activity': ['terrorism-militancy', 'militant-movement'],
    'disrupted weapons use': ['explosive-remote-violence', 'ied-found'],
    'headquarters or base established': ['terrorism-militancy', 'militant-movement'],
    'looting/property destruction': ['other', 'other'],
    'non-violent transfer of territory': ['other', 'other'],
    other: ['other', 'other'],
  },
};

/** ACLED names state forces "Military Forces of X" or "Police Forces of X". */
const STATE_FORCES = /^(military|police) forces of /i;

/** `Armed Clash`, `armed clash` and `armed-clash` are the same word: the UI shows codes humanised. */
export function vocabularyCode(value: string): string {
  return value
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

/**
 * A domain and subtype from what a row gives: Concord's codes or the labels the web app shows
 * (any case, spaces for hyphens), or an ACLED event type and sub-event type. Undefined when
 * neither fits; the caller reports the row.
 */
export function mapEventType(
  type: string | undefined,
  subType: string | undefined,
  actors: (string | undefined)[] = [],
): { domain: string; subtype: string; acled: boolean } | undefined {
  if (type === undefined) return undefined;
  const code = vocabularyCode(type);
  if (code in INCIDENT_DOMAINS) return { domain: code, subtype: subType === undefined ? '' : vocabularyCode(subType), acled: false };
  const pair = ACLED_EVENT_TYPES[type.trim().toLowerCase()]?.[(subType ?? '').trim().toLowerCase()];
  if (!pair) return undefined;
  // ACLED's "armed clash" names no side; Concord tells state forces against a group from groups among themselves.
  if (pair[1] === 'clash-between-armed-groups' && actors.some((a) => a !== undefined && STATE_FORCES.test(a)))
    return { domain: pair[0], subtype: 'clash-with-armed-group', acled: true };
  return { domain: pair[0], subtype: pair[1], acled: true };
}

/** ACLED's `time_precision` and `geo_precision` are 1–3; Concord's words pass as they are. */
export const ACLED_TIME_PRECISION: Record<string, string> = { '1': 'day', '2': 'week', '3': 'month' };
export const ACLED_GEO_PRECISION: Record<string, string> = { '1': 'exact', '2': 'near', '3': 'admin1' };

/**
 * An ISO 3166-1 alpha-3 code from an alpha-3 code, an English country name (ACLED's `country`)
 * or ACLED's numeric `iso`; the text unchanged when none fits (validation names it).
 */
export function countryCode(country: string | undefined, numeric: string | undefined): string {
  const value = (country ?? '').trim();
  if (/^[A-Za-z]{3}$/.test(value)) return value.toUpperCase();
  if (value !== '') return countries.getAlpha3Code(value, 'en') ?? value;
  if (numeric && /^\d{1,3}$/.test(numeric.trim())) return countries.numericToAlpha3(numeric.trim().padStart(3, '0')) ?? numeric;
  return '';
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A date-time from `2026-11-27` (ACLED's current exports), `27 November 2026` or `27-November-2026`
 * (its older ones), or an ISO 8601 date-time; anything else is returned as given so that
 * validation names it.
 */
export function eventDate(value: string | undefined): string | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00Z`;
  const named = /^(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{4})$/.exec(v);
  if (named) {
    const month = MONTHS.findIndex((m) => m === named[2]!.toLowerCase() || m.slice(0, 3) === named[2]!.toLowerCase());
    if (month >= 0) return `${named[3]}-${String(month + 1).padStart(2, '0')}-${named[1]!.padStart(2, '0')}T00:00:00Z`;
  }
  return v;
}
