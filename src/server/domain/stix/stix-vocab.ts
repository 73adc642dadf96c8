/**
 * The fixed identifiers of Concord's STIX 2.1 face: the OASIS TLP marking definitions (2.0, and
 * 1.0 accepted on import), and Concord's extension definitions for what STIX lacks (the full label,
 * the fields of incidents, actors and indicators that make a round trip lossless, and the
 * Concord-only kinds — recalls, receipts, desks, alerts, answers — as new object types).
 */
import crypto from 'node:crypto';
import type { Tlp } from '../../../shared/vocab/levels';

/** OASIS TLP 2.0 marking definitions (cti-stix-common-objects, extension 60a3c5c5-…). */
export const TLP2_MARKINGS: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
export const TLP2_EXTENSION = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The TLP 1.0 markings STIX 2.1 predefines: the same levels, accepted on import. */
export const TLP1_MARKINGS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

export const TLP_BY_MARKING: Record<string, Tlp> = {
  ...TLP1_MARKINGS,
  ...Object.fromEntries(Object.entries(TLP2_MARKINGS).map(([tlp, id]) => [id, tlp as Tlp])),
};

/** The identity that defines Concord's extensions. */
export const CONCORD_IDENTITY = 'identity--5f0c3b9e-8d4a-4c55-9a8e-2f6b1c7d0e11';
export const EXTENSIONS = {
  label: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a01',
  incident: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a02',
  actor: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a03',
  indicator: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a04',
  /** The originator node's signature over a record version, with the version's label. */
  signature: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a05',
  /** A recall of a record by its originator. */
  recall: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a06',
  /** A partner node's receipt for a recall it applied. */
  recallReceipt: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a07',
  /** A hotline desk: a nation's point of contact, which partners send alerts to. */
  desk: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a08',
  /** A hotline alert raised to partners' desks. */
  alert: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a09',
  /** A desk's acknowledgement or decline of an alert, originated by the desk's nation. */
  alertResponse: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0a',
  /** A crisis room declared by one nation for the participating nations. */
  crisis: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0b',
  /** An entry of a crisis room's log, a record of the nation that wrote it. */
  crisisEntry: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0c',
  /** On a standard object derived from a record (an incident's location): the record it belongs to. */
  companion: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0d',
  /** On an organisation's identity (the creator of records): the nation it belongs to. */
  organisation: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0e',
  /** A meeting of the strategic dialogue, hosted by one nation for the nations it invites. */
  meeting: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a0f',
  /** A nation's answer to a meeting's invitation. */
  meetingAnswer: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a10',
  /** A nation's delegation to a meeting. */
  delegation: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a11',
  /** An item of a meeting's agenda, under its own label. */
  agendaItem: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a12',
  /** The minutes of an agenda item. */
  minutes: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a13',
  /** A joint statement: its text clause by clause, where its procedure stands, the signed adopted text. */
  statement: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a14',
  /** A nation's word on a joint statement: its signed positions, amendments, comments and silence words. */
  statementPosition: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a15',
  /** What a meeting's statement or minutes commit nations to. */
  commitment: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a16',
  /** An owner nation's progress report on a commitment. */
  commitmentReport: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a17',
  /** A file attached to an agenda item, with its bytes. */
  agendaAttachment: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a18',
  /** An exercise of joint training, led by one nation. */
  exercise: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a19',
  /** A nation's word that a unit, or the nation, is busy. */
  busyBlock: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a1a',
  /** A participating nation's observation of an exercise, and the lesson it becomes. */
  observation: 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a1b',
} as const;
/** Objects defined once, not per export: a fixed creation time keeps bundles comparable. */
export const DEFINED_AT = '2026-01-01T00:00:00.000Z';

/** A UUID as STIX identifiers carry it (`type--UUID`), lower case. */
export const STIX_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The UUID part of a STIX identifier (`type--UUID`), unchecked. */
export const uuidOfStixId = (stixId: string) => stixId.slice(stixId.indexOf('--') + 2);

/**
 * Every kind of id Concord derives from names (docs/decisions/0023): the STIX type it names and
 * the shape of its names. Each kind's names have a shape no other kind's name has (a word of its
 * own before a colon, or a form no word takes), so two kinds can never derive the same id, and a
 * name is made only of what the referencing object already shows (its record's id, its label).
 */
export const DERIVED_ID_KINDS = {
  /** A label's marking definition: the label extension's JSON text, canonical form. */
  marking: { types: ['marking-definition'], shape: /^\{"extension_type":"property-extension",/ },
  /** An incident's place as a location: its incident's id. */
  location: { types: ['location'], shape: /^location:[0-9a-f-]{36}$/ },
  /** An indicator's value as a cyber-observable: its indicator's id (never the value: see 0023). */
  observable: { types: ['ipv4-addr', 'ipv6-addr', 'domain-name', 'url', 'email-addr', 'file'], shape: /^observable:[0-9a-f-]{36}$/ },
  /** The relationship from an incident to its location: the incident's id. */
  'located-at': { types: ['relationship'], shape: /^located-at:[0-9a-f-]{36}$/ },
  /** The relationship from an indicator to its observable: the indicator's id. */
  'based-on': { types: ['relationship'], shape: /^based-on:[0-9a-f-]{36}$/ },
  /** A link from an incident to an actor, indicator or incident: both ends and the kind of the target. */
  link: { types: ['relationship'], shape: /^[0-9a-f]{8}-[0-9a-f-]{27}:(actor|indicator|incident):[0-9a-f-]{36}$/ },
  /** A partner's receipt for a recall: the recall's id and the receiving node's. */
  receipt: { types: ['x-concord-recall-receipt'], shape: /^receipt:/ },
  /** Directory entries (organisations, accounts): their names, so every node gives them the same id. */
  directory: { types: ['identity'], shape: /^directory:(org|user):/ },
  /** The TAXII collection. */
  collection: { types: ['taxii-collection'], shape: /^taxii-collection:[a-z]+$/ },
} as const;
export type DerivedIdKind = keyof typeof DERIVED_ID_KINDS;

/**
 * A derived id of one kind: refuses a name that is not of its kind's shape, so no caller can make
 * a name another kind could also make.
 */
export function derivedUuid(kind: DerivedIdKind, name: string): string {
  if (!DERIVED_ID_KINDS[kind].shape.test(name)) throw new Error(`A ${kind} id cannot be derived from "${name.slice(0, 80)}".`);
  return stableUuid(name);
}

/**
 * A name-based UUID (SHA-1, version 5 bits) under Concord's fixed prefix in place of a namespace
 * UUID: the same input gives the same id, never one of the spec's cyber-observable namespace, and
 * never a version 4 (random) id such as the database gives records. Use `derivedUuid`.
 */
function stableUuid(name: string): string {
  const hash = crypto.createHash('sha1').update('concord-stix:').update(name).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** STIX patterns for the indicator types Concord keeps (value already normalised). */
export const PATTERN_PATHS: Record<string, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  cidr: 'ADDR:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: "file:hashes.'MD5'",
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

export function stixPattern(type: string, value: string): string {
  const path = type === 'cidr' ? (value.includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value') : PATTERN_PATHS[type];
  return `[${path} = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** The indicator type and value of a single-comparison STIX pattern, or null for anything else. */
export function parseSimplePattern(pattern: string): { type: string; value: string } | null {
  const match = /^\[\s*([a-z0-9-]+:[a-z_.']+(?:'[A-Z0-9-]+')?)\s*=\s*'((?:[^'\\]|\\.)*)'\s*\]$/.exec(pattern.trim());
  if (!match) return null;
  const [, path, raw] = match as unknown as [string, string, string];
  const value = raw.replace(/\\(.)/g, '$1');
  const byPath: Record<string, string> = {
    'ipv4-addr:value': value.includes('/') ? 'cidr' : 'ipv4',
    'ipv6-addr:value': value.includes('/') ? 'cidr' : 'ipv6',
    'domain-name:value': 'domain',
    'url:value': 'url',
    'email-addr:value': 'email',
    "file:hashes.'MD5'": 'md5',
    "file:hashes.'SHA-1'": 'sha1',
    "file:hashes.'SHA-256'": 'sha256',
  };
  const type = byPath[path];
  return type ? { type, value } : null;
}
