/**
 * A fault-injecting TCP proxy in front of a node (FEDERATION.md, "How it is tested"). Peers reach
 * the node only through it. Faults are seeded: cut (a partition from chosen nodes), drop (a
 * connection torn down while a response is on its way), delay, and duplicate (a request sent to
 * the node a second time, its answer thrown away). Every byte is captured with the node that
 * called (the issuer of the node token in its requests), so a test can check what crossed the
 * wire to whom. Every fault is counted.
 */
import net from 'node:net';
import { decodeJwt } from 'jose';

export interface Faults {
  /** Calls from these node ids are refused (a partition). */
  blocked: Set<string>;
  /** Probability that a connection is torn down when a chunk of the answer arrives. */
  dropRate: number;
  /** Milliseconds added before each chunk in either direction. */
  delayMs: number;
  /** Probability that a request is sent to the node twice. */
  duplicateRate: number;
}

export interface Exchange {
  /** The node ids that called on this connection (from their node tokens); empty for people. */
  callers: Set<string>;
  request: Buffer[];
  response: Buffer[];
}

export interface FaultProxy {
  url: string;
  port: number;
  set(faults: Partial<Faults>): void;
  counts: { connections: number; refused: number; dropped: number; delayed: number; duplicated: number };
  exchanges: Exchange[];
  close(): Promise<void>;
}

/** A small seeded generator (mulberry32): the same seed, the same faults. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ISSUER = /authorization:\s*bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/gi;

export async function startFaultProxy(port: number, targetPort: number, seed: number): Promise<FaultProxy> {
  const random = seeded(seed);
  const faults: Faults = { blocked: new Set(), dropRate: 0, delayMs: 0, duplicateRate: 0 };
  const counts = { connections: 0, refused: 0, dropped: 0, delayed: 0, duplicated: 0 };
  const exchanges: Exchange[] = [];
  const sockets = new Set<net.Socket>();
  const live = new Map<Exchange, () => void>();

  const later = (work: () => void) => {
    if (faults.delayMs <= 0) return work();
    counts.delayed++;
    setTimeout(work, faults.delayMs);
  };

  const server = net.createServer((client) => {
    counts.connections++;
    const exchange: Exchange = { callers: new Set(), request: [], response: [] };
    exchanges.push(exchange);
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      live.delete(exchange);
    };
    live.set(exchange, close);
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);

    client.on('data', (chunk: Buffer) => {
      for (const match of chunk.toString('latin1').matchAll(ISSUER)) {
        try {
          const issuer = decodeJwt(match[1]!).iss;
          if (issuer) exchange.callers.add(issuer);
        } catch {
          // a person's token
        }
      }
      if ([...exchange.callers].some((c) => faults.blocked.has(c))) {
        counts.refused++;
        return close();
      }
      exchange.request.push(chunk);
      if (faults.duplicateRate > 0 && random() < faults.duplicateRate) {
        counts.duplicated++;
        const twin = net.connect(targetPort, '127.0.0.1', () => twin.end(chunk));
        twin.on('data', () => {}).on('error', () => {});
      }
      later(() => upstream.write(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (faults.dropRate > 0 && random() < faults.dropRate) {
        counts.dropped++;
        return close();
      }
      exchange.response.push(chunk);
      later(() => client.write(chunk));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    exchanges,
    set(change) {
      Object.assign(faults, change);
      // A partition also cuts what is under way.
      for (const [exchange, close] of live) if ([...exchange.callers].some((c) => faults.blocked.has(c))) close();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
