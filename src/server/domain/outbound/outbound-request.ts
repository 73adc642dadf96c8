/**
 * Every HTTP request this node makes goes through here: peers (pull, poke, hello, audit
 * checkpoints), TAXII feeds and Web Push endpoints.
 *
 * - http and https only; each address a host name resolves to is checked against the policy
 *   (outbound-policy.ts) inside the connection's own lookup, so the socket goes to the address
 *   that was checked — no second resolution a rebinding DNS server could answer differently.
 *   Address literals are checked before connecting, and the connected peer address once more.
 * - Redirects are not followed unless the caller allows a few, and then each hop is a new
 *   request through the same checks (credentials dropped when the origin changes).
 * - Every exchange has a time limit and a size limit on the answer.
 * - Failures say "Could not reach HOST." whatever happened — refused by the policy, port closed,
 *   filtered, name unknown — so the answer maps no ports; the audit and the log keep which.
 * - Requests a person causes are audited one by one, in that person's name. The node's routine
 *   traffic (pulls every few seconds, pokes, push) is counted (`outboundCounts`, the metrics) and
 *   audited only when refused — the same refusal at most once an hour per destination
 *   (docs/decisions/0012).
 */
import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector, fetch } from 'undici';
import { appendAuditKept } from '../audit/audit-log';
import { systemActor } from '../auth/actor';
import { refusedRange } from './outbound-policy';
import type { Config } from '../../config';
import type { Context } from '../../context';
import type { Actor } from '../auth/actor';
import type { AuditOutcome } from '../audit/audit-log';
import type { OutboundAllowance } from './outbound-policy';

export type OutboundPurpose =
  'peer.pull' | 'peer.poke' | 'peer.hello' | 'peer.audit' | 'peer.add' | 'taxii.check' | 'taxii.poll' | 'web-push';

export interface OutboundRequest {
  purpose: OutboundPurpose;
  url: string | URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** For the whole exchange: connecting, every redirect hop and reading the answer. */
  timeoutMs: number;
  /** The largest answer read; a longer one fails. */
  maxBytes: number;
  /** How many redirects to follow, each checked like the first request (GET only); default none. */
  followRedirects?: number;
  /** The person whose action this is: every attempt is audited in their name. Absent: the node's routine traffic. */
  actor?: Actor;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Buffer;
  /** The body as JSON, or null when it is not. */
  json(): unknown;
}

/** What a caller learns when a request fails: the host, never why the connection failed. */
export class OutboundError extends Error {
  constructor(
    message: string,
    readonly host: string,
    /** For the audit and the log only: refused by the policy, unreachable, too large. */
    readonly detail: string,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/** Raised inside the connection when an address is not allowed. */
class AddressRefused extends Error {
  constructor(
    readonly address: string,
    readonly range: string,
  ) {
    super(`${address} is a ${range} address`);
  }
}

/** The host without its port: the answer is the same whichever port was tried. */
const unreachable = (url: URL) => `Could not reach ${url.hostname}.`;

const agents = new WeakMap<Config, Agent>();

/** One connection pool per configuration, every connection checked. */
function agentFor(config: Config): Agent {
  const existing = agents.get(config);
  if (existing) return existing;
  const allowance = config.outboundAllow;
  const connector = buildConnector({ lookup: checkedLookup(allowance), timeout: 10_000 });
  const agent = new Agent({
    connect(options, callback) {
      const host = options.hostname.replace(/^\[|\]$/g, '');
      // An address literal is not looked up: checked here, before any packet leaves.
      const literal = net.isIP(host) ? refusedRange(host, allowance) : null;
      if (literal) return callback(new AddressRefused(host, literal), null);
      connector(options, (...result) => {
        const [error, socket] = result;
        if (error) return callback(error, null);
        const remote = socket.remoteAddress ?? '';
        const range = refusedRange(remote, allowance);
        if (range) {
          socket.destroy();
          return callback(new AddressRefused(remote, range), null);
        }
        callback(null, socket);
      });
    },
  });
  agents.set(config, agent);
  return agent;
}

/** A resolver for the socket: every address the name resolves to must pass, and the socket connects to those. */
function checkedLookup(allowance: OutboundAllowance): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const range = refusedRange(address, allowance);
        if (range) return callback(new AddressRefused(address, range), '', 0);
      }
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/** Closes the connections kept open for this configuration (when the app stops), once refusals are audited. */
export async function closeOutbound(config: Config): Promise<void> {
  await settleOutboundAudits(config);
  const agent = agents.get(config);
  agents.delete(config);
  await agent?.close();
}

type Outcome = 'ok' | 'refused' | 'failed';
const counts = new WeakMap<Config, Map<string, number>>();

function count(config: Config, purpose: OutboundPurpose, outcome: Outcome): void {
  const byKey = counts.get(config) ?? new Map<string, number>();
  counts.set(config, byKey);
  const key = `${purpose} ${outcome}`;
  byKey.set(key, (byKey.get(key) ?? 0) + 1);
}

/** Requests made by this process since it started, by purpose and outcome (the metrics). */
export function outboundCounts(config: Config): { purpose: string; outcome: string; count: number }[] {
  return [...(counts.get(config) ?? new Map<string, number>())].map(([key, n]) => {
    const [purpose = '', outcome = ''] = key.split(' ');
    return { purpose, outcome, count: n };
  });
}

/** When a routine refusal was last audited, per destination (per process). */
const refusalsAudited = new WeakMap<Config, Map<string, number>>();
const REPEAT_REFUSAL_AUDIT_MS = 60 * 60_000;

async function audit(ctx: Context, actor: Actor, purpose: OutboundPurpose, url: URL, outcome: AuditOutcome, result: string) {
  const details = { purpose, host: url.host, ...(actor.kind === 'user' ? { path: url.pathname } : {}), result };
  // The request was sent (or refused) whatever becomes of the one that caused it.
  await appendAuditKept(ctx.database, ctx.clock, [{ actor, event: { action: 'outbound.request', outcome, details } }]);
}

/** Routine refusals being written: not awaited by the request, which may run inside a transaction (the push outbox). */
const pendingAudits = new WeakMap<Config, Set<Promise<void>>>();

function auditRoutineRefusal(ctx: Context, purpose: OutboundPurpose, url: URL, result: string): void {
  const audited = refusalsAudited.get(ctx.config) ?? new Map<string, number>();
  refusalsAudited.set(ctx.config, audited);
  const key = `${purpose} ${url.host} ${result}`;
  const now = ctx.clock.now().getTime();
  const last = audited.get(key);
  if (last !== undefined && now - last < REPEAT_REFUSAL_AUDIT_MS) return;
  audited.set(key, now);
  const pending = pendingAudits.get(ctx.config) ?? new Set<Promise<void>>();
  pendingAudits.set(ctx.config, pending);
  const write: Promise<void> = audit(ctx, systemActor('outbound'), purpose, url, 'denied', result)
    .catch((error: unknown) => ctx.logger.error({ err: error, purpose, host: url.host }, 'an outbound refusal could not be audited'))
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Waits until the routine refusals seen so far are in the audit log. */
export async function settleOutboundAudits(config: Config): Promise<void> {
  await Promise.all([...(pendingAudits.get(config) ?? [])]);
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Sends the request through the guard; throws OutboundError when it cannot be made or answered in full. */
export async function outboundRequest(ctx: Context, request: OutboundRequest): Promise<OutboundResponse> {
  let url = new URL(request.url);
  try {
    const signal = AbortSignal.timeout(request.timeoutMs);
    const method = request.method ?? 'GET';
    const headers = { ...request.headers };
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        throw new OutboundError(`${url.protocol} addresses are not reached; only http and https.`, url.host, 'not http(s)', true);
      let response;
      try {
        response = await fetch(url, {
          method,
          headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          redirect: 'manual',
          dispatcher: agentFor(ctx.config),
          signal,
        });
      } catch (error) {
        throw failure(url, error);
      }
      const location = response.headers.get('location');
      if (REDIRECTS.has(response.status) && location && method === 'GET' && hop < (request.followRedirects ?? 0)) {
        await response.body?.cancel();
        const next = new URL(location, url);
        if (next.origin !== url.origin)
          for (const name of Object.keys(headers)) if (name.toLowerCase() === 'authorization') delete headers[name];
        url = next;
        continue;
      }
      const body = await readLimited(response, request.maxBytes, url);
      count(ctx.config, request.purpose, 'ok');
      if (request.actor) await audit(ctx, request.actor, request.purpose, url, 'ok', `answered ${response.status}`);
      return {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers as unknown as Headers,
        body,
        json: () => {
          try {
            return JSON.parse(body.toString('utf8')) as unknown;
          } catch {
            return null;
          }
        },
      };
    }
  } catch (error) {
    const outbound = error instanceof OutboundError ? error : failure(url, error);
    count(ctx.config, request.purpose, outbound.refused ? 'refused' : 'failed');
    if (outbound.refused)
      ctx.logger.warn(
        { purpose: request.purpose, host: url.host, reason: outbound.detail },
        'outbound request refused by the address policy',
      );
    else ctx.logger.debug({ purpose: request.purpose, host: url.host, err: error }, 'outbound request failed');
    if (request.actor) await audit(ctx, request.actor, request.purpose, url, outbound.refused ? 'denied' : 'rejected', outbound.detail);
    else if (outbound.refused) auditRoutineRefusal(ctx, request.purpose, url, outbound.detail);
    throw outbound;
  }
}

/** Any failure to connect or to read, as the one message a caller sees. */
function failure(url: URL, error: unknown): OutboundError {
  if (error instanceof OutboundError) return error;
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  if (cause instanceof AddressRefused) return new OutboundError(unreachable(url), url.host, `refused: ${cause.message}`, true);
  return new OutboundError(unreachable(url), url.host, 'unreachable', false);
}

async function readLimited(response: Awaited<ReturnType<typeof fetch>>, maxBytes: number, url: URL): Promise<Buffer> {
  const tooLarge = () =>
    new OutboundError(
      `The answer from ${url.hostname} is larger than ${Math.ceil(maxBytes / 1024)} KiB.`,
      url.host,
      'answer too large',
      false,
    );
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.length;
      if (size > maxBytes) {
        await response.body.cancel().catch(() => {});
        throw tooLarge();
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    // A cut connection or the time limit while reading: the same answer as not connecting.
    throw failure(url, error);
  }
  return Buffer.concat(chunks);
}

/**
 * Checks an address before it is stored (a peer's, from its invite), without connecting or
 * resolving: an address literal must be one this node may reach. A host name is checked each time
 * it is reached, on the addresses it resolves to then. Refusals are audited in the person's name.
 */
export async function checkOutboundAddress(ctx: Context, actor: Actor, purpose: OutboundPurpose, address: string): Promise<string | null> {
  const url = new URL(address);
  const refusal = async (result: string, message: string) => {
    count(ctx.config, purpose, 'refused');
    await audit(ctx, actor, purpose, url, 'denied', result);
    return message;
  };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refusal('not http(s)', 'only http and https addresses are reached');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const range = net.isIP(host) ? refusedRange(host, ctx.config.outboundAllow) : null;
  if (!range) return null;
  return refusal(
    `refused: ${host} is a ${range} address`,
    `${host} is a ${range} address, which this node does not reach unless its administrator allows it (CONCORD_OUTBOUND_ALLOW)`,
  );
}
