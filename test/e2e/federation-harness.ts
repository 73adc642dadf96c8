/**
 * Three nodes (PAK, KAZ, UZB) as separate processes on 127.0.0.1, each with its own embedded
 * database and the demo directory (no demo incidents), each behind a fault-injecting proxy that
 * its peers reach it through. People (the test) call each node directly. Helpers sign in, write
 * and release incidents, and compare what each node holds of each partner's records with what the
 * originator holds for the same reader.
 */
import { anyVersion } from '../kit/http';
import { currentTotp } from '../../src/server/domain/auth/totp';
import { DEMO_CAVEATS, DEMO_PASSWORD, DEMO_TOTP_SECRET } from '../../src/server/domain/demo/demo-data';
import { EXTENSIONS } from '../../src/server/domain/stix/stix-vocab';
import { COLLECTION_ID } from '../../src/server/domain/taxii/taxii-service';
import { startFaultProxy } from './fault-proxy';
import { freePort, startNodeProcess } from './node-process';
import type { FaultProxy } from './fault-proxy';
import type { NodeProcess } from './node-process';

export const NATIONS = ['PAK', 'KAZ', 'UZB'] as const;
/** The kinds whose holdings are compared (recalls and receipts are consumed, not held). */
const COMPARED = [
  'incident',
  'x-concord-desk',
  'x-concord-alert',
  'x-concord-alert-response',
  'x-concord-crisis',
  'x-concord-crisis-entry',
  'x-concord-meeting',
  'x-concord-meeting-answer',
  'x-concord-statement',
  'x-concord-statement-position',
  'x-concord-commitment',
  'x-concord-commitment-report',
];
export type Nation = (typeof NATIONS)[number];
type Role = 'analyst' | 'releasing-officer' | 'duty-officer' | 'node-admin' | 'dialogue-officer' | 'delegation-head' | 'exercise-planner';

interface HarnessNode {
  nation: Nation;
  port: number;
  proxy: FaultProxy;
  process: NodeProcess;
  nodeId: string;
  env: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of many shapes; the tests' assertions check them
type Json = any;

interface Session {
  cookie: string;
  csrf: string;
}

export class Federation {
  private sessions = new Map<string, Session>();
  private constructor(
    public readonly nodes: Record<Nation, HarnessNode>,
    private readonly nations: readonly Nation[],
  ) {}

  /**
   * Starts the nodes of `nations` (all three by default); `seed` makes the proxies' faults
   * repeatable; `envOf` adds settings per node (a DATABASE_URL, say).
   */
  static async start(
    seed: number,
    nations: readonly Nation[] = NATIONS,
    envOf: (nation: Nation) => Record<string, string> = () => ({}),
  ): Promise<Federation> {
    const nodes = {} as Record<Nation, HarnessNode>;
    await Promise.all(
      nations.map(async (nation, i) => {
        const [port, proxyPort] = [await freePort(), await freePort()];
        const proxy = await startFaultProxy(proxyPort, port, seed + i);
        const env = {
          CONCORD_NATION: nation,
          CONCORD_PUBLIC_URL: proxy.url,
          CONCORD_PULL_SECONDS: '1',
          CONCORD_DEMO: '1',
          CONCORD_DEMO_INCIDENTS: '0',
          // Peers (and their proxies) are on 127.0.0.1, which a node reaches only when allowed.
          CONCORD_OUTBOUND_ALLOW: 'loopback',
          ...envOf(nation),
        };
        const process = await startNodeProcess(env, undefined, port);
        nodes[nation] = { nation, port, proxy, process, env, nodeId: '' };
      }),
    );
    const federation = new Federation(nodes, nations);
    for (const nation of nations)
      nodes[nation].nodeId = (await federation.call(nation, 'node-admin', 'GET', '/api/node/invite')).body.nodeId;
    return federation;
  }

  /** Every node pins every other, held to SECRET with every demo caveat. */
  async peerAll(): Promise<void> {
    for (const at of this.nations)
      for (const of of this.nations) {
        if (at === of) continue;
        const { invite } = (await this.call(of, 'node-admin', 'GET', '/api/node/invite')).body;
        const added = await this.call(at, 'node-admin', 'POST', '/api/peers', {
          invite,
          accreditation: 'SECRET',
          caveats: DEMO_CAVEATS.map((c) => c.code),
        });
        if (added.status !== 201) throw new Error(`peer add failed: ${JSON.stringify(added.body)}`);
      }
  }

  private async session(nation: Nation, who: string, role: Role): Promise<Session> {
    const key = `${nation}:${who}`;
    const known = this.sessions.get(key);
    if (known) return known;
    const response = await fetch(`${this.nodes[nation].process.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: who,
        password: DEMO_PASSWORD,
        ...(role === 'node-admin' ? { totp: currentTotp(DEMO_TOTP_SECRET, new Date()) } : {}),
      }),
    });
    if (response.status !== 200) throw new Error(`sign-in of ${who} at ${nation} failed: ${response.status} ${await response.text()}`);
    const cookie = /concord_session=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error('no session cookie');
    const session = { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
    this.sessions.set(key, session);
    return session;
  }

  /** A call at `nation`'s node as its demo account of `role` (or as another nation's account: `as`). */
  async call(
    nation: Nation,
    role: Role,
    method: string,
    path: string,
    body?: object,
    as: Nation = nation,
  ): Promise<{ status: number; body: Json }> {
    const who = `${as.toLowerCase()}.${role}`;
    const session = await this.session(nation, who, role);
    const response = await fetch(`${this.nodes[nation].process.url}${path}`, {
      method,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrf,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...anyVersion(method),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  /** An incident written by `nation`'s analyst and released by its releasing officer; its id. */
  async incident(nation: Nation, title: string, relTo: string[]): Promise<string> {
    const created = await this.call(nation, 'analyst', 'POST', '/api/incidents', {
      domain: 'border-incident',
      subtype: 'illegal-crossing',
      title,
      occurredAt: '2026-11-20T02:30:00Z',
      timePrecision: 'day',
      place: { country: nation, precision: 'country' },
      label: { classification: 'UNCLASSIFIED', relTo, caveats: [], tlp: 'GREEN', recipients: { orgs: [], users: [] } },
    });
    if (created.status !== 201) throw new Error(`create failed at ${nation}: ${JSON.stringify(created.body)}`);
    const released = await this.call(nation, 'releasing-officer', 'POST', `/api/incidents/${created.body.id}/release`, {});
    if (released.status !== 200) throw new Error(`release failed at ${nation}: ${JSON.stringify(released.body)}`);
    return created.body.id as string;
  }

  /**
   * What `reader`'s analyst reads at `at` of the records `originator` originated — incidents, hotline
   * desks, alerts and answers, crises and their entries: every version as `id|modified`, sorted (duplicates would show twice).
   */
  async holding(at: Nation, reader: Nation, originator: Nation): Promise<string[]> {
    const found: string[] = [];
    let next: string | undefined;
    do {
      const page = await this.call(
        at,
        'analyst',
        'GET',
        `/taxii2/api/collections/${COLLECTION_ID}/objects/?match[version]=all&limit=1000${next ? `&next=${next}` : ''}`,
        undefined,
        reader,
      );
      if (page.status !== 200) throw new Error(`TAXII read failed: ${JSON.stringify(page.body)}`);
      for (const object of page.body.objects as { id: string; modified: string; extensions?: Record<string, Json> }[]) {
        const label = object.extensions?.[EXTENSIONS.signature]?.label;
        if (COMPARED.some((type) => object.id.startsWith(`${type}--`)) && label?.originator?.nation === originator)
          found.push(`${object.id}|${object.modified}`);
      }
      next = page.body.more ? page.body.next : undefined;
    } while (next);
    return found.sort();
  }

  /** Pairs (reader node, originator) whose holdings differ from the originator's for that reader. */
  async differences(): Promise<string[]> {
    const differ: string[] = [];
    for (const reader of this.nations)
      for (const originator of this.nations) {
        if (reader === originator) continue;
        const [here, there] = await Promise.all([this.holding(reader, reader, originator), this.holding(originator, reader, originator)]);
        if (here.join() !== there.join()) differ.push(`${reader} holds ${here.length} of ${originator}'s, ${there.length} expected`);
      }
    return differ;
  }

  /** Waits until every node holds exactly what each originator released to it; the time it took. */
  async converge(timeoutMs: number): Promise<number> {
    const started = Date.now();
    let differ: string[] = [];
    while (Date.now() - started < timeoutMs) {
      differ = await this.differences();
      if (differ.length === 0) return Date.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`no convergence within ${timeoutMs} ms: ${differ.join('; ')}`);
  }

  partition(a: Nation, b: Nation, cut: boolean): void {
    this.nodes[a].proxy.set({ blocked: cut ? new Set([this.nodes[b].nodeId]) : new Set() });
    this.nodes[b].proxy.set({ blocked: cut ? new Set([this.nodes[a].nodeId]) : new Set() });
  }

  /** Stops a node (SIGTERM, or SIGKILL for a crash) and, unless told to wait, starts it again on its data. */
  async stop(nation: Nation, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.nodes[nation].process.stop(signal);
    for (const [key] of this.sessions) if (key.startsWith(`${nation}:`)) this.sessions.delete(key);
  }

  async start(nation: Nation): Promise<void> {
    const node = this.nodes[nation];
    node.process = await startNodeProcess(node.env, node.process.dataDir, node.port);
  }

  async close(): Promise<void> {
    for (const node of Object.values(this.nodes)) {
      await node.process.stop();
      await node.proxy.close();
    }
  }
}
