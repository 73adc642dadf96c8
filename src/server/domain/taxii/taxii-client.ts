/**
 * A TAXII 2.1 client for one collection of another server: reads the collection's description
 * (to check a subscription before saving it) and its objects a page at a time, from an
 * `added_after` position, following the server's `more`/`next` paging. Every failure becomes a
 * message that says what to fix (credentials, the address, the collection id).
 */
import { z } from 'zod';
import type { TaxiiAuth } from '../../../shared/contracts/taxii-subscriptions';

const MEDIA_TYPE = 'application/taxii+json;version=2.1';
const TIMEOUT_MS = 30_000;

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

async function get(url: URL, auth: TaxiiAuth): Promise<{ body: unknown; response: Response }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: headers(auth), signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw new TaxiiClientError(`Could not reach ${url.host} (${cause}): check the API root's address and that the server is up.`);
  }
  if (response.status === 401 || response.status === 403)
    throw new TaxiiClientError(`The server refused the credentials (${response.status}): check the user name and password or token.`);
  if (response.status === 404)
    throw new TaxiiClientError('The server has no such collection at this API root (404): check both against its collections list.');
  if (response.status !== 200) throw new TaxiiClientError(`The server answered ${response.status} ${response.statusText}.`);
  const type = response.headers.get('content-type') ?? '';
  if (!/^application\/(taxii\+)?json/.test(type))
    throw new TaxiiClientError(`The server answered ${type || 'no content type'}, not TAXII JSON.`);
  try {
    return { body: await response.json(), response };
  } catch {
    throw new TaxiiClientError('The server’s answer is not valid JSON.');
  }
}

const collectionUrl = (source: TaxiiSource, path: string) =>
  new URL(`collections/${encodeURIComponent(source.collectionId)}/${path}`, source.apiRoot);

/** Checks that the collection exists and the credentials may read it. */
export async function checkCollection(source: TaxiiSource): Promise<void> {
  const { body } = await get(collectionUrl(source, ''), source.auth);
  const collection = collectionSchema.safeParse(body);
  if (!collection.success) throw new TaxiiClientError('The answer is not a TAXII 2.1 collection.');
  if (!collection.data.can_read) throw new TaxiiClientError('The server says these credentials may not read this collection.');
}

/** One page of the collection's objects added after `addedAfter` (continuing at `next`). */
export async function fetchObjects(
  source: TaxiiSource,
  position: { addedAfter: string | null; next: string | null },
  limit: number,
): Promise<TaxiiPage> {
  const url = collectionUrl(source, 'objects/');
  url.searchParams.set('limit', String(limit));
  if (position.addedAfter) url.searchParams.set('added_after', position.addedAfter);
  if (position.next) url.searchParams.set('next', position.next);
  const { body, response } = await get(url, source.auth);
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
