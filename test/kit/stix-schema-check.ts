/**
 * A STIX 2.1 conformance check for tests: each object against the OASIS STIX 2.1 JSON schemas
 * (vendored in test/fixtures/stix2-json-schemas, their `$id`s resolved from there, never fetched),
 * then the rules of the specification's text the schemas cannot express. Errors are MUSTs broken;
 * warnings are SHOULDs (open vocabularies, the relationship types the specification lists).
 */
import fs from 'node:fs';
import path from 'node:path';
import { domainToASCII } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { nullsAndEmptyLists } from './stix-emptiness';
import type { ValidateFunction } from 'ajv/dist/2020.js';

const SCHEMA_ROOT = path.resolve(import.meta.dirname, '../fixtures/stix2-json-schemas/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/';

type Json = Record<string, unknown>;
export interface StixCheck {
  errors: string[];
  warnings: string[];
}

/** The five TLP 2.0 marking definitions exactly as OASIS publishes them (cti-stix-common-objects, tlp-2.0). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
const tlp2 = (uuid: string, level: string): Json => ({
  type: 'marking-definition',
  spec_version: '2.1',
  id: `marking-definition--${uuid}`,
  created: '2022-10-01T00:00:00.000Z',
  name: `TLP:${level.toUpperCase()}`,
  extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
});
export const OASIS_TLP2_MARKINGS: Json[] = [
  tlp2('94868c89-83c2-464b-929b-a1a8aa3c8487', 'clear'),
  tlp2('bab4a63c-aed9-4cf5-a766-dfca5abac2bb', 'green'),
  tlp2('55d920b0-5e8b-4f79-9ee9-91f868d9b421', 'amber'),
  tlp2('939a9414-2ddd-4d32-a0cd-375ea402b003', 'amber+strict'),
  tlp2('e828b379-4e03-4974-9ac4-e53a884c97c1', 'red'),
];
/** Extension definitions every STIX tool may know without being sent them: OASIS's TLP 2.0. */
const OASIS_DEFINITIONS: Json[] = [{ id: TLP2_EXTENSION_ID, type: 'extension-definition', extension_types: ['property-extension'] }];

// ---- the schemas ------------------------------------------------------------------------------

const schemaFiles = fs
  .readdirSync(SCHEMA_ROOT, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .map((file) => file.split(path.sep).join('/'));
const schemas = new Map<string, Json>(
  schemaFiles.map((file) => [`${BASE}${file}`, JSON.parse(fs.readFileSync(path.join(SCHEMA_ROOT, file), 'utf8')) as Json]),
);

/** The schema of each type STIX 2.1 defines, by type name. */
const TYPE_SCHEMAS = new Map<string, string>(
  schemaFiles
    .filter(
      (file) =>
        /^(sdos|sros|observables)\//.test(file) || /^common\/(marking-definition|extension-definition|language-content)\.json$/.test(file),
    )
    .map((file) => [path.basename(file, '.json'), `${BASE}${file}`]),
);
const SCO_TYPES = new Set(schemaFiles.filter((f) => f.startsWith('observables/')).map((f) => path.basename(f, '.json')));
const CORE = `${BASE}common/core.json`;
const SCO_CORE = `${BASE}common/cyber-observable-core.json`;

const ajv = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
addFormats(ajv);
// The schemas' patterns are ECMA-262 without the u flag (`\-` escapes). ajv-formats has no idn-hostname (domain-name.json uses it): an internationalised name is one whose ASCII form is a hostname.
const hostname = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
ajv.addFormat('idn-hostname', (value: string) => hostname.test(domainToASCII(value)));
for (const [id, schema] of schemas) ajv.addSchema(schema, id);
/**
 * bundle.json's list of object schemas predates incident, location, note, grouping, opinion and
 * extension-definition, and sends them to its custom-object branch, whose oneOf of core and
 * cyber-observable-core fails any object valid against both: its envelope is checked (type, id, a
 * list of objects), each object against its own type's schema.
 */
const BUNDLE_ENVELOPE = `${BASE}common/bundle-envelope.json`;
const bundleSchema = structuredClone(schemas.get(`${BASE}common/bundle.json`)!) as Json & { properties: { objects: Json } };
delete bundleSchema.properties.objects.items;
ajv.addSchema({ ...bundleSchema, $id: BUNDLE_ENVELOPE }, BUNDLE_ENVELOPE);

const validators = new Map<string, ValidateFunction>();
function validatorOf(id: string): ValidateFunction {
  let validate = validators.get(id);
  if (!validate) {
    validate = ajv.getSchema(id);
    if (!validate) throw new Error(`no schema ${id}`);
    validators.set(id, validate);
  }
  return validate;
}

/** The property names a schema defines at its top level (through $ref, allOf, anyOf, oneOf, if/then/else). */
function definedBy(schemaId: string): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown, base: string) => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    const schema = node as Json;
    if (schema.properties && typeof schema.properties === 'object') for (const name of Object.keys(schema.properties)) names.add(name);
    if (typeof schema.$ref === 'string') {
      const [file, pointer] = schema.$ref.split('#') as [string, string | undefined];
      const target = file ? new URL(file, base).href : base;
      let referenced: unknown = schemas.get(target);
      for (const part of (pointer ?? '').split('/').filter(Boolean)) referenced = (referenced as Json | undefined)?.[part];
      visit(referenced, target);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(schema[key])) for (const branch of schema[key] as unknown[]) visit(branch, base);
    for (const key of ['if', 'then', 'else']) visit(schema[key], base);
  };
  visit(schemas.get(schemaId), schemaId);
  return names;
}
const definedProperties = new Map<string, Set<string>>();
const propertiesOf = (schemaId: string) => {
  let names = definedProperties.get(schemaId);
  if (!names) definedProperties.set(schemaId, (names = definedBy(schemaId)));
  return names;
};

// ---- the specification's text ------------------------------------------------------------------

/** STIX 2.1 3.2: RFC 3339, UTC, `Z`; `created` and `modified` to the millisecond (3.x common properties). */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$/;
const TIMESTAMP_MILLIS = /\.\d{3}Z$/;
const LOOKS_LIKE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
/** STIX 2.1 2.9: `type--UUID` (RFC 4122). */
const IDENTIFIER = /^([a-z][a-z0-9-]{1,248}[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const EXTENSION_KEY = /^extension-definition--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** STIX 2.1 3.1 and 11.1: property names in ASCII letters, digits and underscore, 3 to 250 long (custom ones). */
const PROPERTY_NAME = /^[a-z0-9_]{3,250}$/;

function realTime(text: string): boolean {
  const parts = TIMESTAMP.exec(text);
  if (!parts) return false;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return false;
  const [, y, mo, d, h, mi] = parts.map(Number);
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() + 1 === mo &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi
  );
}

/**
 * STIX Patterning (STIX 2.1 section 9), the part Concord writes and most feeds use: observation
 * expressions of comparisons joined by AND and OR, observations joined by AND, OR and FOLLOWEDBY,
 * no qualifiers. A pattern outside it is a warning (not checked), not an error.
 */
const PATTERN_STRING = String.raw`'(?:[^'\\]|\\['\\])*'`;
const PATTERN_PATH = String.raw`([a-z0-9-]+):([a-z0-9_]+)((?:\.(?:'[^']*'|[a-z0-9_]+)|\[(?:\d+|\*)\])*)`;
const PATTERN_COMPARISON = String.raw`${PATTERN_PATH}\s*(?:=|!=|<=|>=|<|>|LIKE|MATCHES)\s*(?:${PATTERN_STRING}|-?\d+(?:\.\d+)?|true|false)`;
const PATTERN_OBSERVATION = String.raw`\[\s*${PATTERN_COMPARISON}(?:\s+(?:AND|OR)\s+${PATTERN_COMPARISON})*\s*\]`;
const PATTERN = new RegExp(String.raw`^${PATTERN_OBSERVATION}(?:\s+(?:AND|OR|FOLLOWEDBY)\s+${PATTERN_OBSERVATION})*$`);
/** STIX 2.1 10.4, hash-algorithm-ov. */
const HASH_ALGORITHMS = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512', 'SHA3-256', 'SHA3-512', 'SSDEEP', 'TLSH'];

function patternProblems(pattern: string): { errors: string[]; warnings: string[] } {
  if (!PATTERN.test(pattern))
    return { errors: [], warnings: [`pattern is outside the STIX patterning this check parses: ${pattern.slice(0, 80)}`] };
  const errors: string[] = [];
  // The paths, once the literals compared with are blanked (a path's own quoted keys follow a dot).
  const paths = pattern.replace(new RegExp(`(?<!\\.)${PATTERN_STRING}`, 'g'), "''");
  for (const [, type, property, rest] of paths.matchAll(new RegExp(PATTERN_PATH, 'g')) as Iterable<[string, string, string, string]>) {
    if (!SCO_TYPES.has(type) && !type.startsWith('x-')) errors.push(`pattern names "${type}", not a cyber-observable type`);
    else if (SCO_TYPES.has(type) && !propertiesOf(`${BASE}observables/${type}.json`).has(property))
      errors.push(`pattern names ${type}:${property}, a property ${type} does not have`);
    const hash = /^\.'([^']*)'/.exec(rest);
    if (property === 'hashes' && hash && !HASH_ALGORITHMS.includes(hash[1]!))
      errors.push(`pattern names hash "${hash[1]}", not in hash-algorithm-ov`);
  }
  return { errors, warnings: [] };
}

/** STIX 2.1 section 10: the open vocabularies Concord's output uses. */
const VOCABULARIES: Record<string, { name: string; values: string[] }> = {
  identity_class: { name: 'identity-class-ov', values: ['individual', 'group', 'system', 'organization', 'class', 'unknown'] },
  threat_actor_types: {
    name: 'threat-actor-type-ov',
    values: [
      'activist',
      'competitor',
      'crime-syndicate',
      'criminal',
      'hacker',
      'insider-accidental',
      'insider-disgruntled',
      'nation-state',
      'sensationalist',
      'spy',
      'terrorist',
      'unknown',
    ],
  },
  sectors: {
    name: 'industry-sector-ov',
    values: [
      'agriculture',
      'aerospace',
      'automotive',
      'chemical',
      'commercial',
      'communications',
      'construction',
      'defense',
      'education',
      'energy',
      'entertainment',
      'financial-services',
      'government',
      'government-emergency-services',
      'government-local',
      'government-national',
      'government-public-services',
      'government-regional',
      'healthcare',
      'hospitality-leisure',
      'infrastructure',
      'infrastructure-dams',
      'infrastructure-nuclear',
      'infrastructure-water',
      'insurance',
      'manufacturing',
      'mining',
      'non-profit',
      'pharmaceuticals',
      'retail',
      'technology',
      'telecommunications',
      'transportation',
      'utilities',
    ],
  },
  pattern_type: { name: 'pattern-type-ov', values: ['stix', 'pcre', 'sigma', 'snort', 'suricata', 'yara'] },
};

/**
 * STIX 2.1, each object's "Relationships" table: the types listed, by source type — those Concord
 * writes as a source only (`related-to`, `derived-from` and `duplicate-of` hold for every pair).
 * 2.1 lists none for `incident`, a stub. Other types are allowed; the listed ones SHOULD be used.
 */
const GENERIC_RELATIONSHIPS = ['related-to', 'derived-from', 'duplicate-of'];
const RELATIONSHIPS: Record<string, Record<string, string[]>> = {
  incident: {},
  indicator: {
    indicates: ['attack-pattern', 'campaign', 'infrastructure', 'intrusion-set', 'malware', 'threat-actor', 'tool'],
    'based-on': ['observed-data'],
  },
};

interface Definition {
  id: string;
  extension_types: string[];
  extension_properties?: string[];
}

/**
 * Checks STIX objects (each on its own, and the extension definitions they name against those
 * given or present among them). `definitions` are the extension definitions a consumer can get
 * beside these objects (OASIS's TLP 2.0 is always known).
 */
export function checkStixObjects(objects: unknown[], definitions: unknown[] = []): StixCheck {
  const known = new Map<string, Definition>();
  for (const definition of [...OASIS_DEFINITIONS, ...definitions, ...objects]) {
    const d = definition as Json;
    if (d?.type === 'extension-definition' && typeof d.id === 'string')
      known.set(d.id, {
        id: d.id,
        extension_types: Array.isArray(d.extension_types) ? (d.extension_types as string[]) : [],
        ...(Array.isArray(d.extension_properties) ? { extension_properties: d.extension_properties as string[] } : {}),
      });
  }
  const result: StixCheck = { errors: [], warnings: [] };
  for (const object of objects) {
    const one = checkOne(object, known);
    result.errors.push(...one.errors);
    result.warnings.push(...one.warnings);
  }
  return result;
}

/** A bundle: its envelope against bundle.json, then each of its objects. */
export function checkStixBundle(bundle: unknown, definitions: unknown[] = []): StixCheck {
  const b = bundle as Json;
  const errors = schemaErrors('bundle', bundle, BUNDLE_ENVELOPE);
  if (b?.type !== 'bundle') errors.push('bundle: type is not "bundle"');
  if (typeof b?.id !== 'string' || !IDENTIFIER.test(b.id) || !b.id.startsWith('bundle--')) errors.push('bundle: id is not bundle--UUID');
  const extra = Object.keys(b ?? {}).filter((key) => !['type', 'id', 'objects'].includes(key));
  if (extra.length > 0) errors.push(`bundle: properties a bundle does not have: ${extra.join(', ')}`);
  const objects = Array.isArray(b?.objects) ? b.objects : [];
  const inner = checkStixObjects(objects, definitions);
  return { errors: [...errors, ...inner.errors], warnings: inner.warnings };
}

function schemaErrors(name: string, value: unknown, schemaId: string): string[] {
  const validate = validatorOf(schemaId);
  if (validate(value)) return [];
  const found = validate.errors ?? [];
  // An anyOf or oneOf that fails says so once, not once per branch.
  const branches = found.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  return found
    .filter((e) => !branches.some((b) => b !== e && b.instancePath === e.instancePath && e.schemaPath.startsWith(`${b.schemaPath}/`)))
    .map((e) => `${name} ${e.instancePath || '/'}: ${e.message ?? 'invalid'} (${decodeURIComponent(e.schemaPath)})`);
}

function checkOne(value: unknown, known: Map<string, Definition>): StixCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { errors: ['not a JSON object'], warnings };
  const object = value as Json;
  const type = typeof object.type === 'string' ? object.type : '';
  const name = typeof object.id === 'string' ? object.id : `(${type || 'untyped'})`;
  const error = (message: string) => errors.push(`${name} ${message}`);
  const warn = (message: string) => warnings.push(`${name} ${message}`);

  // Null anywhere, an empty list anywhere (STIX 2.1 3.1, and "list" in 2.x: at least one item).
  for (const at of nullsAndEmptyLists(object)) error(`${at}: null or empty list`);

  const extensions = (typeof object.extensions === 'object' && object.extensions !== null ? object.extensions : {}) as Record<string, Json>;
  const used = Object.entries(extensions).map(([key, entry]) => ({ key, entry, definition: known.get(key) }));
  const newObject = used.find((u) => ['new-sdo', 'new-sco', 'new-sro'].includes(String(u.entry?.extension_type)));
  const stixType = TYPE_SCHEMAS.get(type);
  const isSco = SCO_TYPES.has(type) || newObject?.entry.extension_type === 'new-sco';

  // The schema: the type's own, or the common core for a type an extension defines.
  let schemaId = stixType;
  if (!schemaId) {
    if (!newObject) error(`type "${type}" is not a STIX 2.1 type and no new-sdo, new-sco or new-sro extension defines it`);
    schemaId = isSco ? SCO_CORE : CORE;
  } else if (newObject) error(`extension ${newObject.key} claims to define "${type}", a type STIX 2.1 defines`);
  errors.push(...schemaErrors(name, object, schemaId));

  // Identifier, spec_version, timestamps.
  if (typeof object.id !== 'string' || !IDENTIFIER.test(object.id)) error('id is not type--UUID (lower case)');
  else if (object.id.slice(0, object.id.indexOf('--')) !== type)
    error(`id names type ${object.id.slice(0, object.id.indexOf('--'))}, not ${type}`);
  if (object.spec_version !== '2.1' && !(isSco && object.spec_version === undefined)) error('spec_version is not "2.1"');
  for (const key of ['created', 'modified'] as const) {
    const at = object[key];
    if (at === undefined) continue;
    if (typeof at !== 'string' || !realTime(at)) error(`${key} is not a STIX timestamp`);
    else if (!TIMESTAMP_MILLIS.test(at)) error(`${key} is not to the millisecond`);
  }
  if (typeof object.created === 'string' && typeof object.modified === 'string') {
    if (new Date(object.modified).getTime() < new Date(object.created).getTime()) error('modified is before created');
  }
  walk(object, '$', (at, key, item) => {
    if (typeof item === 'string' && LOOKS_LIKE_TIME.test(item) && !realTime(item))
      error(`${at}: "${item}" is not a STIX timestamp (UTC, Z)`);
    if (key.endsWith('_ref') && (typeof item !== 'string' || !IDENTIFIER.test(item))) error(`${at}: not an identifier`);
    if (key.endsWith('_refs') && (!Array.isArray(item) || item.some((ref) => typeof ref !== 'string' || !IDENTIFIER.test(ref))))
      error(`${at}: not a list of identifiers`);
  });

  // Custom content only in extensions, each named by a definition that declares its kind.
  const defined = new Set(stixType ? propertiesOf(stixType) : [...propertiesOf(schemaId)]);
  for (const u of used) {
    if (u.definition?.extension_types.includes('toplevel-property-extension'))
      for (const property of u.definition.extension_properties ?? []) defined.add(property);
  }
  for (const key of Object.keys(object)) {
    if (!defined.has(key) && (stixType || !newObject))
      error(`top-level property "${key}" is not one STIX 2.1 defines for ${type} (custom content belongs in an extension)`);
    if (!/^[a-z0-9_]{2,250}$/.test(key)) error(`property name "${key}" is not ASCII lower case, digits and underscores`);
  }
  for (const { key, entry, definition } of used) {
    if (!EXTENSION_KEY.test(key)) {
      if (!(isSco && key.endsWith('-ext'))) error(`extension "${key}" is neither an extension-definition id nor a predefined extension`);
      continue;
    }
    if (!definition) {
      error(`extension ${key} has no extension definition here or known`);
      continue;
    }
    const kind = entry?.extension_type;
    if (typeof kind !== 'string') error(`extension ${key} has no extension_type`);
    else if (!definition.extension_types.includes(kind))
      error(`extension ${key} is used as ${kind}; its definition declares ${definition.extension_types.join(', ')}`);
    for (const property of Object.keys(entry ?? {}))
      if (property !== 'extension_type' && !PROPERTY_NAME.test(property))
        error(`extension ${key} property "${property}" is not a valid property name`);
  }

  // TLP 2.0 markings exactly as OASIS defines them.
  const tlp = OASIS_TLP2_MARKINGS.find((m) => m.id === object.id);
  if (tlp && JSON.stringify(sorted(tlp)) !== JSON.stringify(sorted(object)))
    error('differs from the OASIS TLP 2.0 marking definition of this id');
  if (type === 'marking-definition' && Array.isArray(object.object_marking_refs) && object.object_marking_refs.includes(object.id))
    error('marks itself');

  if (type === 'indicator' && object.pattern_type === 'stix' && typeof object.pattern === 'string') {
    const problems = patternProblems(object.pattern);
    for (const problem of problems.errors) error(problem);
    for (const problem of problems.warnings) warn(problem);
  }

  // SHOULDs: open vocabularies, and relationship types the specification lists.
  for (const [property, vocabulary] of Object.entries(VOCABULARIES)) {
    const values = object[property];
    for (const item of Array.isArray(values) ? values : values === undefined ? [] : [values])
      if (!vocabulary.values.includes(String(item))) warn(`${property} "${String(item)}" is not in ${vocabulary.name}`);
  }
  if (type === 'relationship' && typeof object.source_ref === 'string' && typeof object.target_ref === 'string') {
    const relationship = String(object.relationship_type);
    const source = object.source_ref.slice(0, object.source_ref.indexOf('--'));
    const target = object.target_ref.slice(0, object.target_ref.indexOf('--'));
    const listed = RELATIONSHIPS[source];
    if (listed && !GENERIC_RELATIONSHIPS.includes(relationship) && !listed[relationship]?.includes(target))
      warn(`relationship_type "${relationship}" from ${source} to ${target} is not one STIX 2.1 lists`);
  }
  return { errors, warnings };
}

function walk(value: unknown, at: string, visit: (at: string, key: string, item: unknown) => void) {
  const children: [string, string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [`${at}[${index}]`, '', item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value).map(([key, item]) => [`${at}.${key}`, key, item])
      : [];
  for (const [where, key, item] of children) {
    visit(where, key, item);
    walk(item, where, visit);
  }
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted((value as Json)[key])]),
  );
}
