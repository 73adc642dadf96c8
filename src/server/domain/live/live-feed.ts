/**
 * Live updates: each process keeps one feed over the change records (`changes`), woken by
 * LISTEN/NOTIFY (and a slow poll as a safety net); the change records are the truth, the
 * notification only says "look". Each new change is offered to every open stream whose reader may
 * read the record it names — decided when it is sent, with the record's label as it is then, by the
 * one read rule. An event says only what changed (kind, id, change); clients fetch the record.
 *
 * Sequence numbers are handed out before commit, so a change may appear after a later one. The
 * feed remembers which numbers above its horizon it has processed and waits for a missing one for
 * a few seconds (a rolled-back transaction leaves a hole for ever) before passing it.
 */
import { canReadRecord } from '../../../shared/labels/read-rule';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { isStreamedKind, liveRepository } from '../../db/repositories/live-repository';
import { sessionRepository, tokenRepository } from '../../db/repositories/session-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { readerOf } from '../auth/load-actor';
import type { Reader } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { StreamedKind, StreamedLabels } from '../../db/repositories/live-repository';

export interface LiveEvent {
  seq: number;
  kind: string;
  id: string;
  version: number;
  change: string;
}

/** What a stream was opened with: a session or an API token (by hash); a stream ends when it does. */
export type StreamCredential = { kind: 'session' | 'token'; hash: string };

interface Subscriber {
  userId: string;
  credential: StreamCredential | null;
  reader: Reader;
  after: number;
  send(event: LiveEvent): void;
  /** Ends the stream (the feed is stopping). */
  end(): void;
}

interface ChangeRow {
  seq: number;
  record_kind: string;
  record_id: string;
  version: number;
  change: string;
}

const BATCH = 500;

export class LiveFeed {
  private readonly subscribers = new Set<Subscriber>();
  private horizon = 0;
  private readonly processedAbove = new Set<number>();
  private readonly holesSince = new Map<number, number>();
  private queue: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | null = null;
  private poll: NodeJS.Timeout | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly holeTimeoutMs = 5_000,
  ) {}

  async start(): Promise<void> {
    this.horizon = await liveRepository(this.ctx.database.db).lastSeq();
    this.stopListening = await this.ctx.database.listen('concord_changes', () => void this.wake());
    this.poll = setInterval(() => {
      void this.wake();
      void this.refreshReaders();
    }, 1_000);
    this.poll.unref();
  }

  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    await this.queue;
    await this.stopListening?.();
    for (const subscriber of this.subscribers) subscriber.end();
    this.subscribers.clear();
  }

  /** Looks for new changes (serialised: one look at a time). */
  wake(): Promise<void> {
    this.queue = this.queue.then(() => this.process()).catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'live feed failed'));
    return this.queue;
  }

  /**
   * Opens a stream for `reader` from after `after` (a resumed stream's last event id): the changes
   * already processed are replayed, then new ones follow. Returns the closer.
   */
  async subscribe(
    reader: Reader,
    after: number,
    send: (event: LiveEvent) => void,
    end: () => void,
    credential: StreamCredential | null = null,
  ): Promise<() => void> {
    const subscriber: Subscriber = { userId: reader.userId, credential, reader, after, send, end };
    this.queue = this.queue.then(async () => {
      for (let from = after; ;) {
        const rows = await liveRepository(this.ctx.database.db).changesAfter(from, BATCH);
        // Only what the feed has processed: newer changes reach this stream with everyone's.
        await this.deliver(
          rows.filter((r) => r.seq <= this.horizon || this.processedAbove.has(r.seq)),
          [subscriber],
        );
        if (rows.length < BATCH) break;
        from = rows.at(-1)?.seq ?? from;
      }
      this.subscribers.add(subscriber);
    });
    await this.queue;
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * Re-reads the people behind the open streams: a disabled account's streams end, and so do those
   * opened with a session since ended or a token since revoked or expired; a changed clearance,
   * caveat or community applies to the next event (no permission outlives a second).
   */
  refreshReaders(): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        const ids = [...new Set([...this.subscribers].map((s) => s.userId))];
        if (ids.length === 0) return;
        const db = this.ctx.database.db;
        const now = this.ctx.clock.now();
        const hashes = (kind: StreamCredential['kind']) =>
          [...this.subscribers].flatMap((s) => (s.credential?.kind === kind ? [s.credential.hash] : []));
        const [users, sessions, tokens] = await Promise.all([
          userRepository(db).findManyById(ids),
          sessionRepository(db).liveAmong(hashes('session'), now),
          tokenRepository(db).liveAmong(hashes('token'), now),
        ]);
        const byId = new Map(users.map((u) => [u.id, u]));
        for (const subscriber of this.subscribers) {
          const user = byId.get(subscriber.userId);
          const credential = subscriber.credential;
          const signedOut = credential !== null && !(credential.kind === 'session' ? sessions : tokens).has(credential.hash);
          if (!user || user.disabled_at || signedOut) {
            this.subscribers.delete(subscriber);
            subscriber.end();
          } else subscriber.reader = readerOf(user);
        }
      })
      .catch((error: unknown) => this.ctx.logger.warn({ err: error }, 'live feed failed to refresh readers'));
    return this.queue;
  }

  get streams(): number {
    return this.subscribers.size;
  }

  /** Where a new stream starts: after everything the feed has passed. */
  get position(): number {
    return this.horizon;
  }

  private async process(): Promise<void> {
    const repo = liveRepository(this.ctx.database.db);
    for (;;) {
      const rows = await repo.changesAfter(this.horizon, BATCH);
      const fresh = rows.filter((r) => !this.processedAbove.has(r.seq));
      await this.deliver(fresh, [...this.subscribers]);
      for (const row of fresh) this.processedAbove.add(row.seq);
      this.passHoles(rows.at(-1)?.seq ?? this.horizon);
      if (rows.length < BATCH) return;
    }
  }

  /** Moves the horizon over processed numbers, and over holes older than the timeout. */
  private passHoles(highest: number): void {
    const now = Date.now();
    for (let seq = this.horizon + 1; seq <= highest; seq++) {
      if (this.processedAbove.has(seq)) continue;
      const since = this.holesSince.get(seq);
      if (since === undefined) this.holesSince.set(seq, now);
      else if (now - since > this.holeTimeoutMs) this.processedAbove.add(seq);
    }
    while (this.processedAbove.has(this.horizon + 1)) {
      this.horizon++;
      this.processedAbove.delete(this.horizon);
      this.holesSince.delete(this.horizon);
    }
  }

  private async deliver(rows: ChangeRow[], subscribers: Subscriber[]): Promise<void> {
    if (rows.length === 0 || subscribers.length === 0) return;
    const labels = new Map<string, StreamedLabels>();
    const kinds = new Set(rows.map((r) => r.record_kind).filter(isStreamedKind));
    for (const kind of kinds) {
      const ids = [...new Set(rows.filter((r) => r.record_kind === kind).map((r) => r.record_id))];
      for (const row of await liveRepository(this.ctx.database.db).labelsOf(kind as StreamedKind, ids))
        labels.set(`${kind}:${row.id}`, row);
    }
    for (const row of rows) {
      const columns = labels.get(`${row.record_kind}:${row.record_id}`);
      if (!columns) continue;
      const label = labelFromColumns(columns);
      const parents = (columns.through ?? []).map(labelFromColumns);
      const event = { seq: row.seq, kind: row.record_kind, id: row.record_id, version: row.version, change: row.change };
      for (const subscriber of subscribers) {
        if (row.seq > subscriber.after && canReadRecord(subscriber.reader, row.record_kind, label, parents)) subscriber.send(event);
      }
    }
  }
}

const feeds = new WeakMap<Context, Promise<LiveFeed>>();

/** The process's feed for this context, started on first use. */
export function liveFeedOf(ctx: Context): Promise<LiveFeed> {
  let feed = feeds.get(ctx);
  if (!feed) {
    const created = new LiveFeed(ctx);
    feed = created.start().then(() => created);
    feeds.set(ctx, feed);
  }
  return feed;
}

/** Stops the feed of this context, if one was started (on shutdown). */
export async function stopLiveFeed(ctx: Context): Promise<void> {
  const feed = feeds.get(ctx);
  if (!feed) return;
  feeds.delete(ctx);
  await (await feed).stop();
}
