import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendar, useCalendarFeed, useMakeCalendarFeed, useRevokeCalendarFeed } from '../../api/calendar';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { formatLocalDate, monthNames } from '../../../shared/time/format-moment';
import type { CalendarEventView } from '../../../shared/contracts/calendar';
import './calendar.css';

const monthStart = (year: number, month: number) => new Date(Date.UTC(year, month, 1));

/**
 * The person's calendar: a month of everything dated they may read (meetings; exercises join
 * here), by day; the month before and after; the .ics download and the subscription address.
 */
export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const today = new Date();
  const [month, setMonth] = useState({ year: today.getUTCFullYear(), month: today.getUTCMonth() });
  const from = monthStart(month.year, month.month);
  const to = monthStart(month.year, month.month + 1);
  const calendar = useCalendar(from.toISOString(), to.toISOString());
  const events = calendar.data?.items ?? [];
  const byDay = new Map<string, CalendarEventView[]>();
  for (const event of events) {
    // An event that began before the month shows on the month's first day.
    const day = (event.startsAt < from.toISOString() ? from.toISOString() : event.startsAt).slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), event]);
  }
  const step = (by: number) => {
    const next = monthStart(month.year, month.month + by);
    setMonth({ year: next.getUTCFullYear(), month: next.getUTCMonth() });
  };
  const title = `${monthNames(i18n.language)[month.month]} ${month.year}`;
  return (
    <section>
      <MarkingBanner markings={events.map((e) => e.label)} />
      <h1>{t('calendar.title')}</h1>
      <nav className="calendar-months" aria-label={t('calendar.months')}>
        <button type="button" onClick={() => step(-1)}>
          {t('calendar.previous')}
        </button>
        <h2 aria-live="polite">{title}</h2>
        <button type="button" onClick={() => step(1)}>
          {t('calendar.next')}
        </button>
      </nav>
      <ErrorMessage error={calendar.error} />
      {calendar.isPending && <p>{t('notes.loading')}</p>}
      {calendar.data && events.length === 0 && <p className="empty">{t('calendar.empty')}</p>}
      {[...byDay.entries()].map(([day, dayEvents]) => (
        <section key={day} aria-label={formatLocalDate(`${day}T00:00:00Z`, i18n.language, 'UTC')}>
          <h3>{formatLocalDate(`${day}T00:00:00Z`, i18n.language, 'UTC')}</h3>
          <ul className="calendar-day" data-testid={`day-${day}`}>
            {dayEvents.map((event) => (
              <li key={`${event.kind}-${event.id}`} className={event.cancelled ? 'cancelled' : ''}>
                <Moment at={event.startsAt} /> <AppLink to={event.path}>{event.title}</AppLink>{' '}
                <small className="muted">
                  {event.place ?? t('dialogue.online')} · {t(`calendar.kinds.${event.kind}`)}
                  {event.cancelled && <> · {t('dialogue.statuses.cancelled')}</>}
                </small>{' '}
                <small className="marking">{event.label.marking}</small>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>
        <a href="/api/calendar/download" download>
          {t('calendar.download')}
        </a>
      </p>
      <Subscription />
    </section>
  );
}

/** The person's subscription address: made (shown once), replaced, revoked. */
function Subscription() {
  const { t } = useTranslation();
  const feed = useCalendarFeed();
  const make = useMakeCalendarFeed();
  const revoke = useRevokeCalendarFeed();
  const [shown, setShown] = useState<string | null>(null);
  const current = feed.data?.feed;
  return (
    <section aria-labelledby="subscription">
      <h2 id="subscription">{t('calendar.subscription')}</h2>
      <p className="muted">{t('calendar.subscriptionHint')}</p>
      {current && (
        <p>
          {t('calendar.madeAt')} <Moment at={current.createdAt} />
          {current.lastReadAt && (
            <>
              {' '}
              · {t('calendar.lastRead')} <Moment at={current.lastReadAt} />
            </>
          )}
        </p>
      )}
      {shown && (
        <label>
          {t('calendar.address')}
          <input name="feed-url" readOnly value={shown} onFocus={(e) => e.target.select()} />
        </label>
      )}
      <button type="button" disabled={make.isPending} onClick={() => make.mutate(undefined, { onSuccess: (made) => setShown(made.url) })}>
        {current ? t('calendar.replace') : t('calendar.make')}
      </button>
      {current && (
        <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate(undefined, { onSuccess: () => setShown(null) })}>
          {t('calendar.revoke')}
        </button>
      )}
      <ErrorMessage error={make.error ?? revoke.error} />
    </section>
  );
}
