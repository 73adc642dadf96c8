/**
 * The incident list's orders, its count and exporting a selection: every order pages through
 * exactly the incidents the reader may read, in order, whatever lies between them unread; the
 * count is of those only; a selection exports only what of it the reader may read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_SORTS } from '../../src/shared/contracts/incidents';
import { incidentBody, label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

let node: TestNode;
const token: Record<string, string> = {};
const LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const;

interface Made {
  id: string;
  title: string;
  country: string;
  classification: (typeof LEVELS)[number];
  occurredAt: string;
  /** Released to KAZ at a level the KAZ viewer holds. */
  kazReads: boolean;
}
const made: Made[] = [];

const call = (who: string, url: string) => node.app.http.inject({ method: 'GET', url, headers: bearer(token[who]!) });

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const org = await makeOrg(ctx, 'PAK', 'PAK border police');
  const analyst = await makeUser(ctx, { nation: 'PAK', org, roles: ['analyst'], clearance: 'SECRET' });
  const officer = await makeUser(ctx, { nation: 'PAK', org, roles: ['releasing-officer'], clearance: 'SECRET' });
  const kaz = await makeUser(ctx, { nation: 'KAZ', roles: ['viewer'], clearance: 'RESTRICTED' });
  for (const [name, user] of Object.entries({ analyst, officer, kaz })) token[name] = await makeToken(ctx, user);
  // Titles and countries repeat (ties go by id); what KAZ may not read sits between what it may.
  const titles = ['Bravo', 'Alpha', 'Charlie', 'Alpha', 'Delta', 'Bravo', 'Echo', 'Alpha', 'Foxtrot', 'Charlie', 'Golf', 'Hotel'];
  const countries = ['PAK', 'AFG', 'TJK', 'PAK', 'KAZ', 'AFG', 'UZB', 'TJK', 'PAK', 'KGZ', 'AFG', 'UZB'];
  for (let i = 0; i < titles.length; i++) {
    const classification = LEVELS[i % 4]!;
    const released = i % 3 !== 2;
    const occurredAt = new Date(Date.UTC(2026, 9, 1 + (i % 5), i)).toISOString();
    const created = await node.app.http.inject({
      method: 'POST',
      url: '/api/incidents',
      headers: bearer(token.analyst!),
      payload: incidentBody(`${titles[i]} incident`, {
        occurredAt,
        place: { country: countries[i], precision: 'country' },
        label: label({ classification, relTo: ['KAZ'] }),
      }),
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    if (released) {
      const release = await node.app.http.inject({
        method: 'POST',
        url: `/api/incidents/${id}/release`,
        headers: bearer(token.officer!),
        payload: {},
      });
      expect(release.statusCode).toBe(200);
    }
    made.push({
      id,
      title: `${titles[i]} incident`,
      country: countries[i]!,
      classification,
      occurredAt,
      kazReads: released && LEVELS.indexOf(classification) <= 1,
    });
  }
});
afterAll(() => node.close());

/** Every page of a list, `limit` at a time, following `next`. */
async function walk(who: string, query: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await call(who, `/api/incidents?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.statusCode).toBe(200);
    const page = response.json() as { items: { id: string }[]; next: string | null };
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const KEYS: Record<string, (m: Made) => string | number> = {
  newest: (m) => m.occurredAt,
  oldest: (m) => m.occurredAt,
  title: (m) => m.title,
  country: (m) => m.country,
  classification: (m) => LEVELS.indexOf(m.classification),
};

/** What the oracle expects: the readable incidents ordered by the sort's key, then by id, one way. */
function expected(sort: string, readable: Made[]): string[] {
  const descending = sort === 'newest' || sort.endsWith('-desc');
  const key = KEYS[sort.replace(/-desc$/, '')]!;
  const ordered = [...readable].sort((a, b) => compare(key(a), key(b)) || compare(a.id, b.id));
  return (descending ? ordered.reverse() : ordered).map((m) => m.id);
}

describe('incident list: orders', () => {
  it('pages through exactly the readable incidents in every order, ties by id, nothing repeated or skipped', async () => {
    for (const sort of INCIDENT_SORTS) {
      for (const limit of [1, 2, 5]) {
        expect(await walk('kaz', `sort=${sort}`, limit), `${sort}, pages of ${limit}`).toEqual(
          expected(
            sort,
            made.filter((m) => m.kazReads),
          ),
        );
      }
      expect(await walk('analyst', `sort=${sort}`, 4), sort).toEqual(expected(sort, made));
    }
  });

  it('refuses an unknown order naming the ones there are, and a cursor of another order', async () => {
    const unknown = await call('kaz', '/api/incidents?sort=popularity');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('sort is one of newest, oldest, title, title-desc');
    const first = (await call('kaz', '/api/incidents?sort=title&limit=1')).json() as { next: string };
    expect(first.next).toBeTruthy();
    const crossed = await call('kaz', `/api/incidents?sort=country&limit=1&cursor=${first.next}`);
    expect(crossed.statusCode).toBe(400);
    expect(crossed.json().error.message).toMatch(/cursor is not valid for this order/);
    expect((await call('kaz', `/api/incidents?sort=title&limit=1&cursor=${first.next}`)).statusCode).toBe(200);
  });
});

describe('incident list: the count', () => {
  it('counts only what the reader may read, with the same filters as the list', async () => {
    const count = async (who: string, query = '') => (await call(who, `/api/incidents/count${query}`)).json().total as number;
    expect(await count('kaz')).toBe(made.filter((m) => m.kazReads).length);
    expect(await count('analyst')).toBe(made.length);
    expect(await count('kaz', '?country=AFG')).toBe(made.filter((m) => m.kazReads && m.country === 'AFG').length);
    expect(await count('kaz', '?classification=CONFIDENTIAL')).toBe(0);
    expect(await count('analyst', '?classification=CONFIDENTIAL')).toBe(made.filter((m) => m.classification === 'CONFIDENTIAL').length);
    expect((await call('kaz', '/api/incidents/count?country=pakistan')).statusCode).toBe(400);
  });
});

describe('incident list: exporting a selection', () => {
  it('exports only the selected incidents the reader may read; an unreadable one is left out as a missing one is', async () => {
    const readable = made.filter((m) => m.kazReads).slice(0, 2);
    const hidden = made.find((m) => !m.kazReads)!;
    const missing = node.ctx.ids.uuid();
    const ids = [...readable.map((m) => m.id), hidden.id, missing].join(',');
    const json = await call('kaz', `/api/incidents/export?format=json&ids=${ids}`);
    expect(json.statusCode).toBe(200);
    expect((json.json() as { id: string }[]).map((i) => i.id).sort()).toEqual(readable.map((m) => m.id).sort());
    const stix = await call('kaz', `/api/incidents/export?format=stix&ids=${ids}`);
    expect(stix.statusCode).toBe(200);
    const incidents = (stix.json() as { objects: { type: string; id: string }[] }).objects.filter((o) => o.type === 'incident');
    expect(incidents.map((o) => o.id.split('--')[1]).sort()).toEqual(readable.map((m) => m.id).sort());
    expect(stix.body).not.toContain(hidden.id);
  });

  it('refuses ids that are not incident ids, and too many at once', async () => {
    const bad = await call('kaz', '/api/incidents/export?format=json&ids=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/ids are incident ids/);
    const many = Array.from({ length: 201 }, () => node.ctx.ids.uuid()).join(',');
    const tooMany = await call('kaz', `/api/incidents/export?format=json&ids=${many}`);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.message).toMatch(/at most 200/);
  });
});
