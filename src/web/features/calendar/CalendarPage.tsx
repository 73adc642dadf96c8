import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCalendar, useCalendarFeed, useMakeCalendarFeed, useRevokeCalendarFeed } from '../../api/calendar';
import { useBusyBlocksInWindow, useExercisesInWindow } from '../../api/training';
import { navigate } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';
import { monthNames } from '../../../shared/time/format-moment';
import {
  CALENDAR_VIEWS,
  ROW_MODES,
  SPANS,
  calendarAddress,
  monthsOf,
  periodOf,
  placeFromSearch,
  quarterOf,
  spanOf,
  stepPlace,
  todayPlace,
} from './calendar-grid';
import { Legend, MonthGrid, MonthsOverview, PlanningView } from './CalendarViews';
import type { CalendarPlace, PlanningLookup, Span } from './calendar-grid';
import './calendar.css';

/** The period's name: `May 2026`, `Q2 2026 (April – June)`, `2026`. */
function periodTitle(place: CalendarPlace, language: string, t: (key: string, options?: Record<string, unknown>) => string): string {
  const names = monthNames(language);
  const span = spanOf(place);
  if (span === 'year') return String(place.year);
  if (span === 'month') return `${names[place.month]} ${place.year}`;
  const months = monthsOf(place);
  return t('calendar.quarterTitle', {
    quarter: quarterOf(place.month),
    year: place.year,
    from: names[months[0]!.month],
    to: names[months[months.length - 1]!.month],
  });
}

const STEP_WORDS: Record<Span, { previous: string; next: string }> = {
  month: { previous: 'calendar.previous', next: 'calendar.next' },
  quarter: { previous: 'calendar.previousQuarter', next: 'calendar.nextQuarter' },
  year: { previous: 'calendar.previousYear', next: 'calendar.nextYear' },
};

/**
 * The person's calendar: everything dated they may read — meetings, exercises, their milestones,
 * nations' busy blocks — as a month, a quarter or a year, or as the planning view (a row per
 * nation or per unit); the period before and after, and today. Where it stands lives in the address
 * (`?view=planning&span=quarter&rows=unit&at=2026-04`), so Back and links restore it. Then the .ics
 * download and the subscription address.
 */
export function CalendarPage({ search }: { search: string }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [now] = useState(() => new Date());
  const place = placeFromSearch(search, now);
  const span = spanOf(place);
  const { from, to } = periodOf(place);
  const calendar = useCalendar(from.toISOString(), to.toISOString());
  const planning = place.view === 'planning';
  // The planning rows need the exercises' nations and units, and (by unit) the blocks' units.
  const exercises = useExercisesInWindow(from.toISOString(), to.toISOString(), planning);
  const blocks = useBusyBlocksInWindow(from.toISOString(), to.toISOString(), planning && place.rows === 'unit');
  const events = calendar.data?.items ?? [];
  const go = (next: CalendarPlace) => navigate(calendarAddress(next));
  const lookup: PlanningLookup = {
    exercises: new Map((exercises.data ?? []).map((e) => [e.id, { participants: e.participants, units: e.units }])),
    blocks: new Map((blocks.data ?? []).map((b) => [b.id, { nation: b.nation, unit: b.unit }])),
  };
  const title = periodTitle(place, i18n.language, t);
  return (
    <section className="calendar-page">
      <MarkingBanner markings={events.map((e) => e.label)} />
      <h1>{t('calendar.title')}</h1>
      <div className="calendar-controls">
        <div role="group" aria-labelledby={`${id}-view`} className="calendar-switch">
          <span id={`${id}-view`} className="switch-label">
            {t('calendar.view')}
          </span>
          {CALENDAR_VIEWS.map((view) => (
            <button
              key={view}
              type="button"
              className="secondary"
              aria-pressed={place.view === view}
              onClick={() => go({ ...place, view })}
            >
              {t(`calendar.views.${view}`)}
            </button>
          ))}
        </div>
        {planning && (
          <>
            <div role="group" aria-labelledby={`${id}-span`} className="calendar-switch">
              <span id={`${id}-span`} className="switch-label">
                {t('calendar.span')}
              </span>
              {SPANS.map((s) => (
                <button
                  key={s}
                  type="button"
                  className="secondary"
                  aria-pressed={place.span === s}
                  onClick={() => go({ ...place, span: s })}
                >
                  {t(`calendar.views.${s}`)}
                </button>
              ))}
            </div>
            <div role="group" aria-labelledby={`${id}-rows`} className="calendar-switch">
              <span id={`${id}-rows`} className="switch-label">
                {t('calendar.rows')}
              </span>
              {ROW_MODES.map((rows) => (
                <button
                  key={rows}
                  type="button"
                  className="secondary"
                  aria-pressed={place.rows === rows}
                  onClick={() => go({ ...place, rows })}
                >
                  {t(`calendar.rowModes.${rows}`)}
                </button>
              ))}
            </div>
          </>
        )}
      </div>
      <nav className="calendar-months" aria-label={t('calendar.periods')}>
        <button type="button" onClick={() => go(stepPlace(place, -1))}>
          {t(STEP_WORDS[span].previous)}
        </button>
        <h2 aria-live="polite">{title}</h2>
        <button type="button" onClick={() => go(stepPlace(place, 1))}>
          {t(STEP_WORDS[span].next)}
        </button>
        <button type="button" className="secondary" onClick={() => go(todayPlace(place, new Date()))}>
          {t('calendar.today')}
        </button>
      </nav>
      <Legend />
      <p className="calendar-links">
        <AppLink to="/exercises">{t('shell.nav.exercises')}</AppLink>
        <AppLink to="/busy-blocks">{t('training.busy.title')}</AppLink>
      </p>
      <ErrorMessage error={calendar.error ?? exercises.error ?? blocks.error} />
      {calendar.isPending && <p>{t('notes.loading')}</p>}
      {calendar.data && events.length === 0 && !planning && (
        <p className="empty">{span === 'month' ? t('calendar.empty') : t('calendar.emptyPeriod')}</p>
      )}
      {calendar.data && place.view === 'month' && <MonthGrid year={place.year} month={place.month} events={events} />}
      {calendar.data && (place.view === 'quarter' || place.view === 'year') && (
        <MonthsOverview months={monthsOf(place)} events={events} from={from} />
      )}
      {calendar.data && planning && <PlanningView events={events} from={from} to={to} mode={place.rows} lookup={lookup} />}
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
