/**
 * A TAXII 2.1 client for one collection of another server: reads the collection's description
 * (to check a subscription before saving it) and its objects a page at a time, from an
 * `added_after` position, following the server's `more`/`next` paging. Every failure becomes a
 * message that says what to fix (credentials, the address, the collection id). Requests go through
 * the outbound guard (outbound-request.ts); a server's redirects are followed a few hops, each
 * checked again.
 */
import { z } from 'zod';
import { OutboundError, outboundRequest } from '../outbound/outbound-request';
import type { TaxiiAuth } from '../../../shared/contracts/taxii-subscriptions';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { OutboundResponse } from '../outbound/outbound-request';

const MEDIA_TYPE = 'application/taxii+json;version=2.1';
const TIMEOUT_MS = 30_000;
/** A page of 500 objects; a server sending far more than that is not answering the request. */
const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export class TaxiiClientError extends Error {}

export interface TaxiiSource {
  apiRoot: string;
  collectionId: string;
  auth: TaxiiAuth;
}

export interface TaxiiPage {
  objects: { type: string; id: string; [key: string]: unknown }[];
  more: boolean;
  next: string | undefined;
  /** The server's X-TAXII-Date-Added-Last: where the next poll starts once paging ends. */
  addedLast: string | undefined;
}

const envelopeSchema = z.object({
  more: z.boolean().optional(),
  next: z.string().optional(),
  objects: z.array(z.looseObject({ type: z.string().min(1), id: z.string().min(3) })).optional(),
});
const collectionSchema = z.looseObject({ id: z.string(), can_read: z.boolean() });

function headers(auth: TaxiiAuth): Record<string, string> {
  const out: Record<string, string> = { accept: MEDIA_TYPE };
  if (auth.kind === 'basic') out.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  if (auth.kind === 'bearer') out.authorization = `Bearer ${auth.token}`;
  return out;
}

async function get(
  ctx: Context,
  purpose: 'taxii.check' | 'taxii.poll',
  url: URL,
  auth: TaxiiAuth,
  actor: UserActor | undefined,
): Promise<{ body: unknown; response: OutboundResponse }> {
  let response: OutboundResponse;
  try {
    response = await outboundRequest(ctx, {
      purpose,
      url,
      headers: headers(auth),
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_ANSWER_BYTES,
      followRedirects: 3,
      ...(actor ? { actor } : {}),
    });
  } catch (error) {
    if (!(error instanceof OutboundError)) throw error;
    throw new TaxiiClientError(
      `${error.message} Check the API root's address, and that the server is up and may be reached from this node (its administrator decides which networks it reaches).`,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new TaxiiClientError(`The server refused the credentials (${response.status}): check the user name and password or token.`);
  if (response.status === 404)
    throw new TaxiiClientError('The server has no such collection at this API root (404): check both against its collections list.');
  if (response.status !== 200) throw new TaxiiClientError(`The server answered ${response.status} ${response.statusText}.`);
  const type = response.headers.get('content-type') ?? '';
  if (!/^application\/(taxii\+)?json/.test(type))
    throw new TaxiiClientError(`The server answered ${type || 'no content type'}, not TAXII JSON.`);
  const body = response.json();
  if (body === null) throw new TaxiiClientError('The server’s answer is not valid JSON.');
  return { body, response };
}

const collectionUrl = (source: TaxiiSource, path: string) =>
  new URL(`collections/${encodeURIComponent(source.collectionId)}/${path}`, source.apiRoot);

/** Checks that the collection exists and the credentials may read it (a person's check: audited in their name). */
export async function checkCollection(ctx: Context, source: TaxiiSource, actor: UserActor): Promise<void> {
  const { body } = await get(ctx, 'taxii.check', collectionUrl(source, ''), source.auth, actor);
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) throw new TaxiiClientError('The answer is not a TAXII 2.1 collection.');
  if (!collection.data.can_read) throw new TaxiiClientError('The server says these credentials may not read this collection.');
}

/** One page of the collection's objects added after `addedAfter` (continuing at `next`); `actor` when a person asked for it. */
export async function fetchObjects(
  ctx: Context,
  source: TaxiiSource,
  position: { addedAfter: string | null; next: string | null },
  limit: number,
  actor?: UserActor,
): Promise<TaxiiPage> {
  const url = collectionUrl(source, 'objects/');
  url.searchParams.set('limit', String(limit));
  if (position.addedAfter) url.searchParams.set('added_after', position.addedAfter);
  if (position.next) url.searchParams.set('next', position.next);
  const { body, response } = await get(ctx, 'taxii.poll', url, source.auth, actor);
  const envelope = envelopeSchema.safeParse(body);
  if (!envelope.success) throw new TaxiiClientError('The answer is not a TAXII 2.1 envelope.');
  const more = envelope.data.more ?? false;
  if (more && !envelope.data.next) throw new TaxiiClientError('The server says there is more but gives no `next` to ask for it.');
  return {
    objects: envelope.data.objects ?? [],
    more,
    next: envelope.data.next,
    addedLast: response.headers.get('x-taxii-date-added-last') ?? undefined,
  };
}
