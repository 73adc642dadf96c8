/**
 * Federation under faults (QUALITY.md R4, R5, R6, S5): three node processes (PAK, KAZ, UZB), each
 * with its own database, behind fault-injecting proxies. Passing means every node ends up holding
 * exactly the (id, version) of each partner's records that the originator released to it — no
 * duplicates, no recalled record back — and that nothing released to KAZ only ever crossed the
 * wire to UZB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Federation } from './federation-harness';
import { verifyStatementDocument } from '../../src/server/domain/dialogue/statement-document';

let federation: Federation;
/** PAK's incidents released to KAZ only: they must never reach UZB's node. */
const kazOnly: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  federation = await Federation.start(2026_11_28);
  await federation.peerAll();
}, 180_000);
afterAll(async () => {
  await federation?.close();
});

describe('federation under faults', () => {
  it('R4: two nodes partitioned for 60 s while both write, edit, acknowledge, recall and widen converge after healing', async () => {
    // KAZ's desk, known to its partners from KAZ's node; PAK alerts it before the partition.
    const desk = await federation.call('KAZ', 'duty-officer', 'POST', '/api/desks', { name: 'KAZ border desk' });
    expect(desk.status, JSON.stringify(desk.body)).toBe(201);
    await federation.converge(30_000);
    const alert = await federation.call('PAK', 'duty-officer', 'POST', '/api/alerts', {
      severity: 'flash',
      summary: 'Armed group crossing reported',
      label: { classification: 'UNCLASSIFIED', relTo: ['KAZ'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
      targetDesks: [desk.body.id],
    });
    expect(alert.status, JSON.stringify(alert.body)).toBe(201);
    kazOnly.push(alert.body.id as string);
    const early = {
      pak: [
        await federation.incident('PAK', 'PAK before the partition 1', ['KAZ', 'UZB']),
        await federation.incident('PAK', 'PAK before 2', ['KAZ']),
      ],
      kaz: [await federation.incident('KAZ', 'KAZ before the partition', ['PAK'])],
    };
    kazOnly.push(early.pak[1]!);
    // PAK's crisis room with KAZ and UZB, and a task for KAZ in it.
    const everyone = {
      classification: 'UNCLASSIFIED',
      relTo: ['KAZ', 'UZB'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    };
    const crisis = await federation.call('PAK', 'duty-officer', 'POST', '/api/crises', {
      title: 'Border crossing flooded',
      label: everyone,
    });
    expect(crisis.status, JSON.stringify(crisis.body)).toBe(201);
    const task = await federation.call('PAK', 'duty-officer', 'POST', '/api/crisis-entries', {
      crisisId: crisis.body.id,
      kind: 'task',
      title: 'Survey the northern road',
      ownerNation: 'KAZ',
      deadline: '2026-12-31T00:00:00Z',
      label: everyone,
    });
    expect(task.status, JSON.stringify(task.body)).toBe(201);
    await federation.converge(30_000);

    federation.partition('PAK', 'KAZ', true);
    const until = Date.now() + 60_000;
    let round = 0;
    while (Date.now() < until) {
      round++;
      kazOnly.push(await federation.incident('PAK', `PAK during the partition ${round}`, ['KAZ']));
      await federation.incident('PAK', `PAK for everyone ${round}`, ['KAZ', 'UZB']);
      await federation.incident('KAZ', `KAZ during the partition ${round}`, ['PAK', 'UZB']);
      if (round === 2) {
        const edit = await federation.call('PAK', 'analyst', 'PATCH', `/api/incidents/${early.pak[0]}`, { title: 'Edited while cut off' });
        expect(edit.status).toBe(200);
        const recall = await federation.call('PAK', 'releasing-officer', 'POST', `/api/incidents/${early.pak[1]}/recall`, {
          reason: 'Recalled while cut off',
        });
        expect(recall.status).toBe(200);
        const widen = await federation.call('KAZ', 'releasing-officer', 'POST', `/api/incidents/${early.kaz[0]}/release`, {
          label: { classification: 'UNCLASSIFIED', relTo: ['PAK', 'UZB'], caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
        });
        expect(widen.status, JSON.stringify(widen.body)).toBe(200);
        const ack = await federation.call('KAZ', 'duty-officer', 'POST', `/api/alerts/${alert.body.id}/acknowledge`, {
          deskId: desk.body.id,
          note: 'Acknowledged while cut off',
        });
        expect(ack.status, JSON.stringify(ack.body)).toBe(200);
        // Both sides of the partition move the same task: KAZ first (done), PAK later (cancel).
        const done = await federation.call('KAZ', 'duty-officer', 'POST', `/api/crisis-entries/${task.body.id}/actions`, {
          action: 'done',
        });
        expect(done.status, JSON.stringify(done.body)).toBe(200);
        const log = await federation.call('KAZ', 'duty-officer', 'POST', '/api/crisis-entries', {
          crisisId: crisis.body.id,
          kind: 'log',
          text: 'Written while cut off',
          label: { ...everyone, relTo: ['PAK', 'UZB'] },
        });
        expect(log.status, JSON.stringify(log.body)).toBe(201);
      }
      if (round === 3) {
        const cancel = await federation.call('PAK', 'duty-officer', 'POST', `/api/crisis-entries/${task.body.id}/actions`, {
          action: 'cancel',
        });
        expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
      }
      await sleep(3_000);
    }
    // Cut off: KAZ still holds the recalled record and lacks PAK's new ones; UZB, linked to both, is current.
    expect(await federation.holding('KAZ', 'KAZ', 'PAK')).not.toEqual(await federation.holding('PAK', 'KAZ', 'PAK'));
    expect(federation.nodes.PAK.proxy.counts.refused + federation.nodes.KAZ.proxy.counts.refused).toBeGreaterThan(0);

    federation.partition('PAK', 'KAZ', false);
    const took = await federation.converge(120_000);
    expect(took).toBeLessThan(120_000);
    // Converged on something: KAZ holds PAK's records of the partition, UZB those released to it.
    expect((await federation.holding('KAZ', 'KAZ', 'PAK')).length).toBeGreaterThanOrEqual(2 * round);
    expect((await federation.holding('UZB', 'UZB', 'KAZ')).length).toBeGreaterThanOrEqual(round);
    // The recall held: gone at KAZ, confirmed to PAK.
    expect((await federation.call('KAZ', 'analyst', 'GET', `/api/incidents/${early.pak[1]}`)).status).toBe(404);
    await expect
      .poll(
        async () =>
          (await federation.call('PAK', 'releasing-officer', 'GET', `/api/recalls?record=${early.pak[1]}`)).body.items[0]?.partners,
        {
          timeout: 30_000,
        },
      )
      .toEqual([expect.objectContaining({ nation: 'KAZ', status: 'applied' })]);
    const widened = await federation.call('UZB', 'analyst', 'GET', `/api/incidents/${early.kaz[0]}`);
    expect(widened.status).toBe(200);
    // The acknowledgement made while cut off reached the sender; UZB never held the alert.
    const answered = await federation.call('PAK', 'duty-officer', 'GET', `/api/alerts/${alert.body.id}`);
    expect(answered.body.targets).toEqual([
      expect.objectContaining({ status: 'acknowledged', response: expect.objectContaining({ note: 'Acknowledged while cut off' }) }),
    ]);
    expect((await federation.call('UZB', 'duty-officer', 'GET', `/api/alerts/${alert.body.id}`)).status).toBe(404);
    // The crisis log is whole everywhere, and the task ends where the log order leads on every node: done.
    for (const nation of ['PAK', 'KAZ', 'UZB'] as const) {
      const entries = await federation.call(nation, 'duty-officer', 'GET', `/api/crisis-entries?crisis=${crisis.body.id}&limit=200`);
      const items = entries.body.items as { id: string; kind: string; text?: string; task?: { state: string } }[];
      expect(items.find((e) => e.id === task.body.id)?.task?.state, nation).toBe('done');
      expect(items.map((e) => e.kind).sort(), nation).toEqual(['log', 'task', 'update', 'update']);
    }
  }, 300_000);

  it('R5: lossy links — drops, duplicates, delays, a restart and a crash during ingest — converge once faults stop, every fault counted', async () => {
    for (const node of Object.values(federation.nodes)) node.proxy.set({ dropRate: 0.15, duplicateRate: 0.2, delayMs: 40 });
    const written: Promise<string>[] = [];
    for (let i = 0; i < 12; i++) {
      written.push(federation.incident('PAK', `PAK lossy ${i}`, ['KAZ', 'UZB']));
      written.push(federation.incident('UZB', `UZB lossy ${i}`, ['PAK', 'KAZ']));
      if (i === 4) {
        await Promise.all(written);
        await federation.stop('UZB');
        await federation.start('UZB');
      }
      if (i === 8) {
        await Promise.all(written);
        await federation.stop('KAZ', 'SIGKILL');
        await federation.start('KAZ');
      }
      await sleep(500);
    }
    await Promise.all(written);
    await sleep(3_000);
    // Faults were injected and the nodes saw them: a failed pull is recorded on the peer.
    const injected = Object.values(federation.nodes).reduce((n, node) => n + node.proxy.counts.dropped + node.proxy.counts.duplicated, 0);
    expect(injected).toBeGreaterThan(0);
    // …and the nodes did not stay silent about them: failed pulls are counted on the federation screens.
    const failures = await Promise.all(
      (['PAK', 'KAZ', 'UZB'] as const).map(async (n) =>
        ((await federation.call(n, 'node-admin', 'GET', '/api/peers')).body.items as { health: { pullFailures: number } }[]).reduce(
          (sum, p) => sum + p.health.pullFailures,
          0,
        ),
      ),
    );
    expect(failures.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const node of Object.values(federation.nodes)) node.proxy.set({ dropRate: 0, duplicateRate: 0, delayMs: 0 });
    await federation.converge(120_000);
    expect((await federation.holding('KAZ', 'KAZ', 'UZB')).filter((h) => h.length > 0).length).toBeGreaterThanOrEqual(12);
  }, 300_000);

  it('R6: a recall while a receiver is offline, and one before its record reached it, are applied and confirmed', async () => {
    const held = await federation.incident('PAK', 'UZB will be offline for its recall', ['UZB']);
    await federation.converge(30_000);
    await federation.stop('UZB');
    const offline = await federation.call('PAK', 'releasing-officer', 'POST', `/api/incidents/${held}/recall`, {
      reason: 'Offline receiver',
    });
    expect(offline.body.partners).toEqual([expect.objectContaining({ nation: 'UZB', status: 'pending' })]);
    const unseen = await federation.incident('PAK', 'Recalled before UZB saw it', ['UZB']);
    await federation.call('PAK', 'releasing-officer', 'POST', `/api/incidents/${unseen}/recall`, { reason: 'Before its record' });
    await federation.start('UZB');
    await federation.converge(60_000);
    for (const id of [held, unseen]) expect((await federation.call('UZB', 'analyst', 'GET', `/api/incidents/${id}`)).status).toBe(404);
    await expect
      .poll(async () => (await federation.call('PAK', 'releasing-officer', 'GET', `/api/recalls?record=${held}`)).body.items[0]?.partners, {
        timeout: 30_000,
      })
      .toEqual([expect.objectContaining({ nation: 'UZB', status: 'applied' })]);
    await expect
      .poll(
        async () => (await federation.call('PAK', 'releasing-officer', 'GET', `/api/recalls?record=${unseen}`)).body.items[0]?.partners,
        {
          timeout: 30_000,
        },
      )
      .toEqual([expect.objectContaining({ nation: 'UZB', status: 'applied' })]);
    // Restarted again, UZB pulls on from its cursor: nothing comes back.
    await federation.stop('UZB');
    await federation.start('UZB');
    await federation.converge(30_000);
    expect((await federation.call('UZB', 'analyst', 'GET', `/api/incidents/${held}`)).status).toBe(404);
  }, 300_000);

  it('D1: a joint statement across nodes — KAZ concurs, UZB non-concurs then concurs after an amendment, a partition during the silence: the host waits, then adopts; the commitment it makes is reported on by each owner on its own node', async () => {
    const everyone = {
      classification: 'UNCLASSIFIED',
      relTo: ['KAZ', 'UZB'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    };
    const starts = Date.now() + 7 * 86_400_000;
    const meeting = await federation.call('PAK', 'dialogue-officer', 'POST', '/api/meetings', {
      title: 'Staff talks on border security',
      kind: 'staff-talks',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(starts).toISOString(),
      endsAt: new Date(starts + 4 * 3600_000).toISOString(),
      participants: ['KAZ', 'UZB'],
      label: everyone,
    });
    expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
    const created = await federation.call('PAK', 'dialogue-officer', 'POST', `/api/meetings/${meeting.body.id}/statements`, {
      title: 'Joint statement of the staff talks',
      clauses: ['Border liaison officers are exchanged.', 'Patrols are coordinated monthly.'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const url = `/api/statements/${created.body.id}`;
    await federation.converge(60_000);
    const read = async (nation: 'PAK' | 'KAZ' | 'UZB') => (await federation.call(nation, 'delegation-head', 'GET', url)).body;
    /** `nation`'s head gives its positions on its own node, as the statement stands there. */
    const give = async (nation: 'KAZ' | 'UZB', stance: (clause: number) => object) => {
      const s = await read(nation);
      const given = await federation.call(nation, 'delegation-head', 'POST', `${url}/positions`, {
        positions: [
          ...s.clauses.map((c: { id: string; version: number }, i: number) => ({ clause: c.id, ofVersion: c.version, ...stance(i) })),
          ...(s.clauses.some((_: unknown, i: number) => (stance(i) as { stance: string }).stance === 'non-concur')
            ? []
            : [{ clause: null, ofVersion: s.textVersion, stance: 'concur' }]),
        ],
      });
      expect(given.status, JSON.stringify(given.body)).toBe(200);
    };
    await give('KAZ', () => ({ stance: 'concur' }));
    await give('UZB', (i) =>
      i === 1
        ? { stance: 'non-concur', reason: 'Monthly is too rare.', amendment: 'Patrols are coordinated every week.' }
        : { stance: 'concur' },
    );
    await federation.converge(60_000);
    const onPak = await read('PAK');
    expect(onPak.matrix.whole.KAZ).toMatchObject({ state: 'current', stance: 'concur' });
    expect(onPak.matrix.clauses[onPak.clauses[1].id].UZB).toMatchObject({ state: 'current', stance: 'non-concur' });
    const amendment = onPak.amendments.find((a: { nation: string }) => a.nation === 'UZB');
    const accepted = await federation.call('PAK', 'dialogue-officer', 'POST', `${url}/amendments/${amendment.id}/decision`, {
      nation: 'UZB',
      decision: 'accepted',
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await federation.converge(60_000);
    // The change voided KAZ's concurrence on the clause and the whole, on KAZ's node too.
    const onKaz = await read('KAZ');
    expect(onKaz.clauses[1]).toMatchObject({ version: 2, text: 'Patrols are coordinated every week.' });
    expect(onKaz.matrix.whole.KAZ).toMatchObject({ state: 'void' });
    await give('KAZ', () => ({ stance: 'concur' }));
    await give('UZB', () => ({ stance: 'concur' }));
    await federation.converge(60_000);

    // Under silence for a minute; UZB is cut off from the host until after the deadline.
    const until = new Date(Date.now() + 65_000).toISOString();
    const silence = await federation.call('PAK', 'dialogue-officer', 'PUT', `${url}/silence`, { until });
    expect(silence.status, JSON.stringify(silence.body)).toBe(200);
    await federation.converge(60_000);
    federation.partition('PAK', 'UZB', true);
    await sleep(Math.max(0, Date.parse(until) - Date.now()) + 8_000);
    // The host heard KAZ's word, not UZB's: it waits, naming UZB, and does not adopt.
    await expect
      .poll(async () => (await read('PAK')).procedure, { timeout: 60_000 })
      .toMatchObject({ state: 'waiting', waitingFor: ['UZB'] });
    expect((await read('PAK')).status).toBe('silence');
    federation.partition('PAK', 'UZB', false);
    await expect.poll(async () => (await read('PAK')).status, { timeout: 120_000 }).toBe('adopted');
    await federation.converge(120_000);
    for (const nation of ['KAZ', 'UZB'] as const)
      expect((await read(nation)).procedure).toMatchObject({ state: 'adopted', adoptedBy: 'silence' });
    const signed = await federation.call('UZB', 'delegation-head', 'GET', `${url}/export?format=json`);
    const check = verifyStatementDocument(signed.body);
    expect(check.problems).toEqual([]);
    expect(check.keys.map((k) => k.nation).sort()).toEqual(['KAZ', 'PAK', 'UZB']);
    expect(signed.body.words.map((w: { nation: string }) => w.nation).sort()).toEqual(['KAZ', 'UZB']);

    // What the statement commits KAZ and UZB to: recorded by the host, reported on by each owner on its own node.
    const commitment = await federation.call('PAK', 'dialogue-officer', 'POST', `/api/meetings/${meeting.body.id}/commitments`, {
      text: 'Exchange border liaison officers.',
      ownerNations: ['KAZ', 'UZB'],
      dueOn: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
      source: { kind: 'statement', id: created.body.id, clauseId: onKaz.clauses[0].id },
    });
    expect(commitment.status, JSON.stringify(commitment.body)).toBe(201);
    const commitmentUrl = `/api/commitments/${commitment.body.id}`;
    await federation.converge(60_000);
    const report = async (nation: 'KAZ' | 'UZB', status: string, text: string) => {
      const given = await federation.call(nation, 'dialogue-officer', 'POST', `${commitmentUrl}/reports`, { status, text });
      expect(given.status, JSON.stringify(given.body)).toBe(201);
    };
    await report('UZB', 'in-progress', 'Officers named.');
    await federation.converge(60_000);
    await report('KAZ', 'done', 'Officers exchanged.');
    await federation.converge(60_000);
    for (const nation of ['PAK', 'KAZ', 'UZB'] as const) {
      const there = (await federation.call(nation, 'dialogue-officer', 'GET', commitmentUrl)).body;
      expect(there.status, nation).toBe('done');
      expect(there.reports.map((r: { nation: string; status: string }) => `${r.nation} ${r.status}`)).toEqual([
        'UZB in-progress',
        'KAZ done',
      ]);
    }
  }, 480_000);

  it('T3: a PAK-led exercise with KAZ and UZB — injects to both nations’ desks, a partition mid-run — gives every node the same metrics over what it may read', async () => {
    const everyone = {
      classification: 'UNCLASSIFIED',
      relTo: ['KAZ', 'UZB'],
      caveats: [],
      tlp: 'GREEN',
      recipients: { orgs: [], users: [] },
    };
    const desks: Record<string, string> = {};
    for (const nation of ['KAZ', 'UZB'] as const) {
      const desk = await federation.call(nation, 'duty-officer', 'POST', '/api/desks', { name: `${nation} exercise desk` });
      expect(desk.status, JSON.stringify(desk.body)).toBe(201);
      desks[nation] = desk.body.id as string;
    }
    await federation.converge(30_000);
    const now = Date.now();
    const planned = await federation.call('PAK', 'exercise-planner', 'POST', '/api/exercises', {
      title: 'Indus Shield',
      kind: 'command-post',
      venue: { online: true },
      timeZone: 'Asia/Karachi',
      startsAt: new Date(now + 10 * 60_000).toISOString(),
      endsAt: new Date(now + 86_400_000).toISOString(),
      participants: ['KAZ', 'UZB'],
      objectives: [{ text: 'Answer a partner’s alert within 15 minutes.' }],
      label: everyone,
    });
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    const exercise = planned.body.id as string;
    const inject = async (body: object) =>
      expect((await federation.call('PAK', 'exercise-planner', 'POST', `/api/exercises/${exercise}/injects`, body)).status).toBe(201);
    await inject({
      title: 'Raid reported',
      atMinutes: 0,
      action: {
        kind: 'alert',
        severity: 'flash',
        summary: 'Armed group crossed near post 7',
        targetDesks: [desks.KAZ, desks.UZB],
        label: everyone,
      },
    });
    await inject({ title: 'Room opens', atMinutes: 0, action: { kind: 'crisis', title: 'Post 7 raid', label: everyone } });
    for (const status of ['planning', 'approved'])
      expect((await federation.call('PAK', 'exercise-planner', 'POST', `/api/exercises/${exercise}/status`, { status })).status).toBe(200);
    expect(
      (await federation.call('PAK', 'exercise-planner', 'POST', `/api/exercises/${exercise}/control`, { action: 'start' })).status,
    ).toBe(200);
    // PAK's node fires both on its own timer.
    let made: Record<string, string> = {};
    await expect
      .poll(
        async () => {
          const panel = (await federation.call('PAK', 'exercise-planner', 'GET', `/api/exercises/${exercise}/control`)).body;
          made = Object.fromEntries(
            (panel.injects as { made: { kind: string; id: string } | null }[]).flatMap((i) => (i.made ? [[i.made.kind, i.made.id]] : [])),
          );
          return Object.keys(made).sort();
        },
        { timeout: 30_000 },
      )
      .toEqual(['alert', 'crisis']);
    await federation.converge(30_000);

    // KAZ cut off from PAK: both partners answer on their own nodes, KAZ's words wait for the link.
    federation.partition('PAK', 'KAZ', true);
    const sitrep = (nation: 'KAZ' | 'UZB') =>
      federation.call(nation, 'duty-officer', 'POST', '/api/crisis-entries', {
        crisisId: made.crisis,
        kind: 'sitrep',
        sitrep: {
          asOf: new Date().toISOString(),
          level: 'degraded',
          situation: `${nation} patrols out`,
          actionsTaken: '',
          assessment: '',
          nextSteps: '',
          needs: '',
        },
        label: { ...everyone, relTo: ['PAK', nation === 'KAZ' ? 'UZB' : 'KAZ'] },
      });
    for (const nation of ['KAZ', 'UZB'] as const) {
      const ack = await federation.call(nation, 'duty-officer', 'POST', `/api/alerts/${made.alert}/acknowledge`, { deskId: desks[nation] });
      expect(ack.status, JSON.stringify(ack.body)).toBe(200);
      const report = await sitrep(nation);
      expect(report.status, JSON.stringify(report.body)).toBe(201);
      await sleep(2_000);
    }
    await sleep(5_000);
    federation.partition('PAK', 'KAZ', false);
    await federation.converge(60_000);

    type Row = { measure: string; nation: string; desk: { name: string } | null; count: number; medianMinutes: number };
    const rows = async (nation: 'PAK' | 'KAZ' | 'UZB') =>
      ((await federation.call(nation, 'exercise-planner', 'GET', `/api/exercises/metrics?exercise=${exercise}`)).body.rows as Row[]).map(
        (r) => `${r.measure} ${r.nation} ${r.desk?.name ?? '-'} ${r.count} ${r.medianMinutes}`,
      );
    const lead = await rows('PAK');
    // The lead reads every answer: both nations' acknowledgements (nation and desk) and first reports.
    expect(lead.map((r) => r.split(' ').slice(0, 2).join(' ')).sort()).toEqual([
      'acknowledge KAZ',
      'acknowledge KAZ',
      'acknowledge UZB',
      'acknowledge UZB',
      'first-report KAZ',
      'first-report UZB',
    ]);
    // Each partner reads its own acknowledgement (released to the lead and itself) and both reports: the same figures as the lead's.
    for (const nation of ['KAZ', 'UZB'] as const)
      expect(await rows(nation), nation).toEqual(lead.filter((r) => !r.startsWith('acknowledge') || r.startsWith(`acknowledge ${nation}`)));
  }, 240_000);

  it('S5: nothing released to KAZ only ever crossed the wire to UZB (every captured byte checked)', () => {
    expect(kazOnly.length).toBeGreaterThan(5);
    const uzb = federation.nodes.UZB.nodeId;
    const kaz = federation.nodes.KAZ.nodeId;
    let toUzb = 0;
    let toKazWithIds = 0;
    for (const node of Object.values(federation.nodes))
      for (const exchange of node.proxy.exchanges) {
        const bytes = Buffer.concat([...exchange.request, ...exchange.response]).toString('latin1');
        const involvesUzb = node.nation === 'UZB' || exchange.callers.has(uzb);
        if (involvesUzb) {
          toUzb++;
          for (const id of kazOnly) expect(bytes.includes(id), `KAZ-only ${id} on the wire to or from UZB`).toBe(false);
        }
        if (exchange.callers.has(kaz) && kazOnly.some((id) => bytes.includes(id))) toKazWithIds++;
      }
    expect(toUzb).toBeGreaterThan(10);
    // The capture sees record ids at all: KAZ's pulls carried them.
    expect(toKazWithIds).toBeGreaterThan(0);
  });
});
