import crypto from 'node:crypto';

/**
 * A seeded generator of plausible, invented incidents across South and Central Asia for the demo
 * nations, with varied labels, so every screen has something to show and the map looks like the
 * region. Deterministic for a seed; written in batches.
 */
import { seededRandom } from '../../../shared/seeded-random';
import { INCIDENT_DOMAINS } from '../../../shared/vocab/incident-types';
import { labelToColumns } from '../../../shared/labels/label-columns';
import { changeRepository } from '../../db/repositories/change-repository';
import { incidentRepository } from '../../db/repositories/incident-repository';
import { appendAudit } from '../audit/audit-log';
import { systemActor } from '../auth/actor';
import { draftLabel } from '../release/release-workflow';
import type { IncidentDomain } from '../../../shared/vocab/incident-types';
import type { Label } from '../../../shared/labels/label';
import type { Classification, Tlp } from '../../../shared/vocab/levels';
import type { Context } from '../../context';
import type { Insertable } from 'kysely';
import type { IncidentsTable, IncidentVersionsTable } from '../../db/schema';

const PLACES: { name: string; country: string; admin1: string; lat: number; lon: number }[] = [
  { name: 'Peshawar', country: 'PAK', admin1: 'Khyber Pakhtunkhwa', lat: 34.01, lon: 71.58 },
  { name: 'Torkham', country: 'PAK', admin1: 'Khyber Pakhtunkhwa', lat: 34.13, lon: 71.09 },
  { name: 'Miranshah', country: 'PAK', admin1: 'Khyber Pakhtunkhwa', lat: 33.0, lon: 70.07 },
  { name: 'Quetta', country: 'PAK', admin1: 'Balochistan', lat: 30.18, lon: 66.99 },
  { name: 'Chaman', country: 'PAK', admin1: 'Balochistan', lat: 30.92, lon: 66.45 },
  { name: 'Gwadar', country: 'PAK', admin1: 'Balochistan', lat: 25.12, lon: 62.32 },
  { name: 'Karachi', country: 'PAK', admin1: 'Sindh', lat: 24.86, lon: 67.01 },
  { name: 'Gilgit', country: 'PAK', admin1: 'Gilgit-Baltistan', lat: 35.92, lon: 74.31 },
  { name: 'Kabul', country: 'AFG', admin1: 'Kabul', lat: 34.53, lon: 69.17 },
  { name: 'Kandahar', country: 'AFG', admin1: 'Kandahar', lat: 31.61, lon: 65.71 },
  { name: 'Jalalabad', country: 'AFG', admin1: 'Nangarhar', lat: 34.43, lon: 70.45 },
  { name: 'Kunduz', country: 'AFG', admin1: 'Kunduz', lat: 36.73, lon: 68.86 },
  { name: 'Mazar-i-Sharif', country: 'AFG', admin1: 'Balkh', lat: 36.71, lon: 67.11 },
  { name: 'Herat', country: 'AFG', admin1: 'Herat', lat: 34.35, lon: 62.2 },
  { name: 'Khorog', country: 'TJK', admin1: 'Gorno-Badakhshan', lat: 37.49, lon: 71.55 },
  { name: 'Ishkashim', country: 'TJK', admin1: 'Gorno-Badakhshan', lat: 36.73, lon: 71.61 },
  { name: 'Panj', country: 'TJK', admin1: 'Khatlon', lat: 37.24, lon: 69.1 },
  { name: 'Dushanbe', country: 'TJK', admin1: 'Dushanbe', lat: 38.56, lon: 68.77 },
  { name: 'Khujand', country: 'TJK', admin1: 'Sughd', lat: 40.28, lon: 69.62 },
  { name: 'Termez', country: 'UZB', admin1: 'Surxondaryo', lat: 37.22, lon: 67.28 },
  { name: 'Tashkent', country: 'UZB', admin1: 'Tashkent', lat: 41.3, lon: 69.24 },
  { name: 'Samarkand', country: 'UZB', admin1: 'Samarqand', lat: 39.65, lon: 66.96 },
  { name: 'Andijan', country: 'UZB', admin1: 'Andijon', lat: 40.78, lon: 72.34 },
  { name: 'Osh', country: 'KGZ', admin1: 'Osh', lat: 40.53, lon: 72.8 },
  { name: 'Batken', country: 'KGZ', admin1: 'Batken', lat: 40.06, lon: 70.82 },
  { name: 'Bishkek', country: 'KGZ', admin1: 'Bishkek', lat: 42.87, lon: 74.59 },
  { name: 'Almaty', country: 'KAZ', admin1: 'Almaty', lat: 43.24, lon: 76.89 },
  { name: 'Shymkent', country: 'KAZ', admin1: 'Turkistan', lat: 42.32, lon: 69.59 },
  { name: 'Astana', country: 'KAZ', admin1: 'Astana', lat: 51.17, lon: 71.45 },
];

const DOMAIN_WEIGHTS: [IncidentDomain, number][] = [
  ['terrorism-militancy', 20],
  ['armed-clash', 10],
  ['explosive-remote-violence', 14],
  ['narcotics', 22],
  ['trafficking-smuggling', 14],
  ['border-incident', 12],
  ['cyber', 7],
  ['other', 1],
];

const TITLES: Record<IncidentDomain, string[]> = {
  'terrorism-militancy': [
    'Attack on a checkpost',
    'Militants fire on a patrol',
    'Suspected militants detained',
    'Kidnapping of local officials',
    'Movement of an armed group reported',
  ],
  'armed-clash': ['Exchange of fire with an armed group', 'Cross-border fire reported', 'Ambush on a supply convoy'],
  'explosive-remote-violence': [
    'Roadside device detonated',
    'Device found and defused',
    'Grenade thrown at a market',
    'Drone sighted over a border post',
  ],
  narcotics: [
    'Opiates seized from a truck',
    'Methamphetamine laboratory dismantled',
    'Couriers arrested with hashish',
    'New trafficking route observed',
  ],
  'trafficking-smuggling': [
    'Weapons smuggling attempt stopped',
    'Fuel smuggling network disrupted',
    'People smuggling group intercepted',
    'Cash couriers detained',
  ],
  'border-incident': [
    'Illegal crossing at night',
    'Airspace violation by a light aircraft',
    'Border post attacked',
    'Crossing closed after unrest',
  ],
  cyber: [
    'Government websites defaced',
    'Phishing campaign against defence staff',
    'DDoS against a ministry portal',
    'Malware found on a border agency network',
  ],
  other: ['Unusual activity reported'],
};

export interface DemoAuthor {
  userId: string;
  nation: string;
  org: string;
}

export interface DemoAudience {
  nations: string[];
  /** communities with their members; an author uses only those its nation belongs to */
  communities: { code: string; members: readonly string[] }[];
  caveats: string[];
  /** recipient organisations per nation, for AMBER labels */
  orgsByNation: Map<string, string[]>;
}

/** A stable id for the i-th demo incident of this node, so an interrupted load resumes without duplicates. */
function demoIncidentId(nodeId: string, seed: number, index: number): string {
  const hex = crypto.createHash('sha256').update(`${nodeId}:${seed}:${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Generates `count` incidents and stores them in batches of 100, each its own transaction so the
 * node keeps answering meanwhile; already-stored ones are skipped. Returns how many it generated.
 */
export async function loadDemoIncidents(
  ctx: Context,
  authors: DemoAuthor[],
  audience: DemoAudience,
  count = 2_500,
  seed = 20250715,
): Promise<number> {
  const random = seededRandom(seed);
  const now = ctx.clock.now().getTime();
  const rows: Insertable<IncidentsTable>[] = [];
  const versions: Insertable<IncidentVersionsTable>[] = [];
  for (let i = 0; i < count; i++) {
    const author = random.pick(authors);
    const place = random.pick(PLACES);
    const domain = random.weighted(DOMAIN_WEIGHTS);
    const subtype = random.pick(INCIDENT_DOMAINS[domain]);
    const occurred = new Date(now - Math.floor(random.next() * 540) * 86_400_000 - Math.floor(random.next() * 86_400_000));
    const partners = audience.nations.filter((n) => n !== author.nation && random.next() < 0.45);
    const communities = audience.communities.filter((c) => c.members.includes(author.nation) && random.next() < 0.15).map((c) => c.code);
    const classification = random.weighted<Classification>([
      ['UNCLASSIFIED', 30],
      ['RESTRICTED', 40],
      ['CONFIDENTIAL', 22],
      ['SECRET', 8],
    ]);
    let tlp = random.weighted<Tlp>([
      ['GREEN', 60],
      ['AMBER', 30],
      ['AMBER+STRICT', 10],
    ]);
    const recipientOrgs = tlp === 'GREEN' ? [] : partners.flatMap((n) => (audience.orgsByNation.get(n) ?? []).slice(0, 1));
    if (tlp !== 'GREEN' && recipientOrgs.length === 0) tlp = 'GREEN';
    const caveat =
      domain === 'narcotics'
        ? 'NARC'
        : domain === 'terrorism-militancy'
          ? 'CT'
          : domain === 'cyber'
            ? 'CYBER'
            : domain === 'border-incident'
              ? 'BORDER'
              : null;
    const released: Label = {
      originator: { nation: author.nation, org: author.org },
      classification,
      relTo: [author.nation, ...partners, ...communities],
      caveats: caveat && audience.caveats.includes(caveat) && random.next() < 0.35 ? [caveat] : [],
      tlp,
      recipients: { orgs: tlp === 'GREEN' ? [] : recipientOrgs, users: [] },
      state: 'active',
      version: 2,
    };
    const isDraft = random.next() < 0.05;
    const label = isDraft ? { ...draftLabel(released), version: 1 } : released;
    const killed =
      random.next() < 0.25
        ? { kind: 'unknown' }
        : { kind: 'value', value: domain === 'narcotics' || domain === 'cyber' ? 0 : Math.floor(random.next() * random.next() * 12) };
    const precise = random.next();
    const jitter = () => (random.next() - 0.5) * 0.6;
    const row = {
      id: demoIncidentId(ctx.node.nodeId, seed, i),
      version: isDraft ? 1 : 2,
      release_state: isDraft ? 'draft' : 'released',
      domain,
      subtype,
      title: `${random.pick(TITLES[domain])} near ${place.name}`,
      narrative: `Reported by ${author.nation} liaison channels. Details are invented demonstration data.`,
      occurred_at: occurred,
      time_precision: random.next() < 0.7 ? 'exact' : random.next() < 0.7 ? 'day' : random.next() < 0.5 ? 'week' : 'month',
      country: place.country,
      admin1: place.admin1,
      admin2: null,
      place_name: place.name,
      lat: Math.round((place.lat + jitter()) * 1e4) / 1e4,
      lon: Math.round((place.lon + jitter()) * 1e4) / 1e4,
      geo_precision: precise < 0.5 ? 'exact' : precise < 0.85 ? 'near' : 'admin1',
      uncertainty_km: precise < 0.5 ? 1 : precise < 0.85 ? 10 : 50,
      killed: JSON.stringify(killed),
      wounded: JSON.stringify(random.next() < 0.3 ? { kind: 'unknown' } : { kind: 'range', min: 0, max: Math.floor(random.next() * 10) }),
      abducted: JSON.stringify({ kind: 'unknown' }),
      sources: JSON.stringify([
        {
          description: `${author.nation} liaison report`,
          reliability: random.pick(['A', 'B', 'C', 'D']),
          credibility: 1 + Math.floor(random.next() * 4),
        },
      ]),
      sources_label: null,
      proposed_label: JSON.stringify({
        classification,
        relTo: released.relTo,
        caveats: released.caveats,
        tlp,
        recipients: released.recipients,
      }),
      created_by: author.userId,
      created_at: occurred,
      updated_at: occurred,
      ...labelToColumns(label),
    };
    rows.push(row);
    versions.push({
      id: row.id,
      version: row.version as number,
      change: isDraft ? 'create' : 'release',
      changed_by: author.userId,
      changed_at: occurred,
      snapshot: JSON.stringify({ title: row.title, domain, subtype }),
      ...labelToColumns(label),
    });
  }
  for (let i = 0; i < rows.length; i += 100) {
    await ctx.database.transaction(async (tx) => {
      const repo = incidentRepository(tx.db);
      await repo.insertManyIfAbsent(rows.slice(i, i + 100));
      await repo.insertVersionsIfAbsent(versions.slice(i, i + 100));
      // Like every change, the demo incidents are change records too (live updates, the STIX publisher).
      await changeRepository(tx.db).record(
        rows.slice(i, i + 100).map((r) => ({
          at: ctx.clock.now(),
          record_kind: 'incident',
          record_id: r.id as string,
          version: r.version as number,
          change: 'demo',
        })),
      );
      await appendAudit(tx.db, ctx.clock, systemActor('demo'), [
        { action: 'demo.incidents', details: { from: i, count: Math.min(100, rows.length - i), seed } },
      ]);
    });
  }
  return rows.length;
}
