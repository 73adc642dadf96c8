import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { appendAudit } from '../../src/server/domain/audit/audit-log';
import { verifyAuditLog } from '../../src/server/domain/audit/audit-verify';
import { systemActor } from '../../src/server/domain/auth/actor';
import { label, makeOrg, makeToken, makeUser } from '../kit/factories';
import { bearer } from '../kit/http';
import { startTestNode } from '../kit/test-node';
import type { TestNode } from '../kit/test-node';

/**
 * Creates arriving together are written in groups (one statement per group, see
 * domain/audit/audit-log.ts writeWithAudit); each must still be answered, stored, versioned,
 * counted and audited as if it had been written alone, and a refused one must fail alone.
 */
let node: TestNode;
const token: Record<string, string> = {};

beforeAll(async () => {
  node = await startTestNode();
  const { ctx } = node;
  const pakOrg = await makeOrg(ctx, 'PAK', 'PAK border directorate');
  const uzbOrg = await makeOrg(ctx, 'UZB', 'UZB border troops');
  token.pak = await makeToken(ctx, await makeUser(ctx, { nation: 'PAK', org: pakOrg, roles: ['analyst'] }));
  token.uzb = await makeToken(ctx, await makeUser(ctx, { nation: 'UZB', org: uzbOrg, roles: ['analyst'] }));
});
afterAll(() => node.close());

const crossing = (n: number, over: object = {}) => ({
  domain: 'border-incident',
  subtype: 'illegal-crossing',
  title: `Crossing ${n}`,
  narrative: 'A group crossed at night.',
  occurredAt: '2026-11-20T03:00:00Z',
  timePrecision: 'exact',
  place: { country: 'UZB', name: 'Termez', point: { lat: 37.22, lon: 67.28 }, precision: 'near', uncertaintyKm: 5 },
  casualties: { killed: { kind: 'unknown' }, wounded: { kind: 'unknown' }, abducted: { kind: 'unknown' } },
  label: label({ classification: 'RESTRICTED', relTo: ['PAK', 'UZB'] }),
  ...over,
});

const post = (who: string, payload: object) =>
  node.app.http.inject({ method: 'POST', url: '/api/incidents', headers: bearer(token[who]!), payload });

describe('concurrent creates', () => {
  it('are each stored with their version, change record, map count and audit entry; a refused label fails alone', async () => {
    const db = node.ctx.database.db;
    const before = await sql<{ n: number }>`select coalesce(sum(count), 0)::int as n from incident_map_cells where level = 9`.execute(db);
    const requests = Array.from({ length: 24 }, (_, i) =>
      i === 7
        ? post('pak', crossing(i, { label: label({ classification: 'RESTRICTED', relTo: ['NOWHERE'] }) }))
        : post(i % 2 === 0 ? 'pak' : 'uzb', crossing(i)),
    );
    const responses = await Promise.all(requests);
    const refused = responses[7]!;
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/label is not valid/);
    const created = responses
      .filter((_, i) => i !== 7)
      .map((r) => {
        expect(r.statusCode).toBe(201);
        return r.json() as { id: string; title: string; label: { originator: { nation: string } } };
      });
    expect(new Set(created.map((c) => c.id)).size).toBe(23);
    // Each answer is its own request's record, and its author reads it back.
    for (const [index, incident] of created.entries()) {
      const n = index >= 7 ? index + 1 : index;
      expect(incident.title).toBe(`Crossing ${n}`);
      expect(incident.label.originator.nation).toBe(n % 2 === 0 ? 'PAK' : 'UZB');
      const read = await node.app.http.inject({
        method: 'GET',
        url: `/api/incidents/${incident.id}`,
        headers: bearer(token[n % 2 === 0 ? 'pak' : 'uzb']!),
      });
      expect(read.statusCode).toBe(200);
      const history = await node.app.http.inject({
        method: 'GET',
        url: `/api/incidents/${incident.id}/history`,
        headers: bearer(token[n % 2 === 0 ? 'pak' : 'uzb']!),
      });
      expect(history.json().items.map((v: { version: number }) => v.version)).toEqual([1]);
    }
    const ids = created.map((c) => c.id);
    const changes = await sql<{
      n: number;
    }>`select count(*)::int as n from changes where record_kind = 'incident' and record_id in (${sql.join(ids)}) and change = 'create'`.execute(
      db,
    );
    expect(changes.rows[0]?.n).toBe(23);
    const audited = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'incident.create' and target_id in (${sql.join(ids)})`.execute(db);
    expect(audited.rows[0]?.n).toBe(23);
    const rejected = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'incident.label' and outcome = 'rejected'`.execute(db);
    expect(rejected.rows[0]?.n).toBe(1);
    const after = await sql<{ n: number }>`select coalesce(sum(count), 0)::int as n from incident_map_cells where level = 9`.execute(db);
    expect(Number(after.rows[0]?.n) - Number(before.rows[0]?.n)).toBe(23);
    expect((await verifyAuditLog(node.ctx.database)).ok).toBe(true);
  });

  it('keep the audit chain whole when other writers move its head in between', async () => {
    const entries = async (action: string) =>
      Number(
        (
          await node.ctx.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('action', '=', action)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const listsBefore = await entries('incident.list');
    let disclosingReads = 0;
    for (let round = 0; round < 3; round++) {
      // The head moves behind the creates' backs: a read's disclosure is a compare-and-set of its
      // own (appendAuditAlone), and other writes append inside a transaction that locks the head.
      const reads = Array.from({ length: 3 }, () =>
        node.app.http.inject({ method: 'GET', url: '/api/incidents?limit=5', headers: bearer(token.pak!) }),
      );
      const locked = Array.from({ length: 2 }, (_, i) =>
        node.ctx.database.transaction((tx) =>
          appendAudit(tx.db, node.ctx.clock, systemActor('test'), [{ action: 'test.locked', details: { round, i } }]),
        ),
      );
      const creates = Array.from({ length: 6 }, (_, i) => post('pak', crossing(100 + round * 10 + i)));
      const [readResponses, , createResponses] = await Promise.all([Promise.all(reads), Promise.all(locked), Promise.all(creates)]);
      for (const response of [...readResponses, ...createResponses]) expect(response.statusCode).toBeLessThan(300);
      disclosingReads += readResponses.filter((r) => (r.json() as { items: unknown[] }).items.length > 0).length;
    }
    const result = await verifyAuditLog(node.ctx.database);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    // Every read that disclosed incidents has its entry, and every locked append its own.
    expect(disclosingReads).toBeGreaterThan(0);
    expect((await entries('incident.list')) - listsBefore).toBe(disclosingReads);
    expect(await entries('test.locked')).toBe(6);
  });
});

describe('concurrent reads', () => {
  it('each record their disclosure in the audit chain exactly once, in fewer statements than reads, and the chain verifies', async () => {
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => post('pak', crossing(500 + i))));
    const ids = created.map((r) => (r.json() as { id: string }).id);
    const missing = Array.from({ length: 10 }, () => node.ctx.ids.uuid());
    const statements = vi.spyOn(node.ctx.database, 'executePrepared');
    try {
      const responses = await Promise.all(
        [...ids, ...missing].map((id) => node.app.http.inject({ method: 'GET', url: `/api/incidents/${id}`, headers: bearer(token.pak!) })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual([...ids.map(() => 200), ...missing.map(() => 404)]);
      // Disclosures waiting together went as one statement: readers did not queue on the chain head one by one.
      const appends = statements.mock.calls.filter(([name]) => name === 'audit-alone').length;
      expect(appends).toBeGreaterThan(0);
      expect(appends).toBeLessThan((ids.length + missing.length) / 2);
    } finally {
      statements.mockRestore();
    }
    const entries = await node.ctx.database.db
      .selectFrom('audit_log')
      .select(['target_id', 'outcome'])
      .where('action', '=', 'incident.read')
      .where('target_id', 'in', [...ids, ...missing])
      .execute();
    const count = (id: string, outcome: string) => entries.filter((e) => e.target_id === id && e.outcome === outcome).length;
    for (const id of ids) expect(count(id, 'ok')).toBe(1);
    for (const id of missing) expect(count(id, 'denied')).toBe(1);
    expect(entries).toHaveLength(ids.length + missing.length);
    const result = await verifyAuditLog(node.ctx.database);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
