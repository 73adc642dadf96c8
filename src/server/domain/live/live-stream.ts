/**
 * One person's live stream over the process's feed (live-feed.ts). Its event ids are positions in
 * the change records sealed for that person (node/position-tokens.ts): a global change number
 * would let them count, from the gaps, the changes they may not read. A stream resumes after an
 * id it was given only within the resume window (CONCORD_STREAM_RESUME_MINUTES) of when it was
 * given — an id is given afresh with every event and every heartbeat, so a connected stream never
 * falls behind; beyond the window the client is told to reload what it shows and open a new
 * stream, rather than replaying history.
 */
import { AppError } from '../app-error';
import { positionTokens } from '../node/position-tokens';
import { liveFeedOf } from './live-feed';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';
import type { LiveEvent } from './live-feed';

export interface LiveStream {
  /** The id to resume from now (sent when the stream opens and with every heartbeat). */
  currentId(): string;
  close(): void;
}

export async function openLiveStream(
  ctx: Context,
  actor: UserActor,
  lastEventId: string | null,
  send: (id: string, event: LiveEvent) => void,
  end: () => void,
): Promise<LiveStream> {
  const [feed, tokens] = await Promise.all([liveFeedOf(ctx), positionTokens(ctx.database)]);
  const readerId = actor.user.id;
  let after = feed.position;
  if (lastEventId !== null) {
    const given = tokens.open('stream', readerId, lastEventId);
    if (!given)
      throw new AppError(
        'VALIDATION_FAILED',
        'Last-Event-ID is not an event id this server gave you (ids hold only for the person they were sent to); open the stream without it.',
      );
    const minutes = ctx.config.streamResumeMinutes;
    if (ctx.clock.now().getTime() - given.at.getTime() > minutes * 60_000)
      throw new AppError(
        'RELOAD_REQUIRED',
        `A stream resumes only from an event id given in the last ${minutes} minute(s); reload what you show and open the stream again without Last-Event-ID.`,
      );
    after = given.position;
  }
  let sent = after;
  const close = await feed.subscribe(
    actor.reader,
    after,
    (event) => {
      sent = Math.max(sent, event.seq);
      send(tokens.seal('stream', readerId, event.seq, ctx.clock.now()), event);
    },
    end,
    actor.session ? { kind: 'session', hash: actor.session.idHash } : actor.token ? { kind: 'token', hash: actor.token.hash } : null,
  );
  return {
    // Everything up to the feed's position has been offered to this stream once it subscribed.
    currentId: () => tokens.seal('stream', readerId, Math.max(sent, feed.position), ctx.clock.now()),
    close,
  };
}
