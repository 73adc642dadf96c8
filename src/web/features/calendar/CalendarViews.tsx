/**
 * The calendar's views of a period: a month as a grid of weeks, a quarter or a year as small months
 * with the list of their events, and the planning view — a bar per event on a row per nation or per
 * unit. Every event says its kind in words (the mark and colour repeat it) and carries its marking.
 */
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { formatLocalDate, formatUtc, monthNames } from '../../../shared/time/format-moment';
import { Span } from '../training/TrainingParts';
import { barOf, daysOf, eventDays, eventsByDay, monthWeeks, packLanes, planningRows, utcDay, weekday } from './calendar-grid';
import type { CalendarEventView } from '../../../shared/contracts/calendar';
import type { PlanningLookup, RowMode } from './calendar-grid';
import type { TFunction } from 'i18next';

export const EVENT_KINDS = ['meeting', 'exercise', 'milestone', 'busy'] as const;

/** Each kind's mark beside its colour, so that no kind is told by colour alone. */
const GLYPH: Record<CalendarEventView['kind'], string> = { meeting: '●', exercise: '■', milestone: '◆', busy: '▨' };

/** When an event is, in words: whole days in its zone, or UTC moments. */
function whenText(event: CalendarEventView, language: string): string {
  if (event.allDay) {
    const { first, last } = eventDays(event);
    const day = (d: string) => formatLocalDate(`${d}T00:00:00Z`, language, 'UTC');
    return `${day(first)}${last !== first ? ` – ${day(last)}` : ''} (${event.timeZone})`;
  }
  return `${formatUtc(event.startsAt)} – ${formatUtc(event.endsAt)}`;
}

/** What an event is besides its title, on one line: its kind, when, whether cancelled, and its marking. */
function eventDetails(event: CalendarEventView, t: TFunction, language: string): string {
  return [
    t(`calendar.kinds.${event.kind}`),
    whenText(event, language),
    ...(event.cancelled ? [t('dialogue.statuses.cancelled')] : []),
    event.label.marking,
  ].join(' · ');
}

/** All an event is, on one line (a tooltip): its title and details. */
export const eventSummary = (event: CalendarEventView, t: TFunction, language: string) =>
  `${event.title} · ${eventDetails(event, t, language)}`;

function KindMark({ kind }: { kind: CalendarEventView['kind'] }) {
  return (
    <span className={`kind-mark kind-${kind}`} aria-hidden="true">
      {GLYPH[kind]}
    </span>
  );
}

/** What each kind looks like. */
export function Legend() {
  const { t } = useTranslation();
  return (
    <ul className="calendar-legend" aria-label={t('calendar.legend')}>
      {EVENT_KINDS.map((kind) => (
        <li key={kind} className={`event-${kind}`}>
          <KindMark kind={kind} /> {t(`calendar.kinds.${kind}`)}
        </li>
      ))}
    </ul>
  );
}

/** The weekday heads of a grid, Monday first: short, the full name said. */
function WeekdayHeads() {
  const { t } = useTranslation();
  return (
    <tr>
      {[1, 2, 3, 4, 5, 6, 7].map((d) => (
        <th key={d} scope="col">
          <abbr title={t(`desks.weekdays.${d}`)}>{t(`calendar.weekdaysShort.${d}`)}</abbr>
        </th>
      ))}
    </tr>
  );
}

/** A month as weeks: each day with its events, an event a link on the first day shown and continued on the others. */
export function MonthGrid({ year, month, events }: { year: number; month: number; events: CalendarEventView[] }) {
  const { t, i18n } = useTranslation();
  const weeks = monthWeeks(year, month);
  const inMonth = weeks.flat().filter((d) => d.inMonth);
  const byDay = eventsByDay(
    events,
    inMonth.map((d) => d.day),
  );
  const today = utcDay(new Date());
  return (
    <div className="month-scroll">
      <table className="month-grid" data-testid="month-grid">
        <caption className="visually-hidden">{`${monthNames(i18n.language)[month]} ${year}`}</caption>
        <thead>
          <WeekdayHeads />
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week[0]!.day}>
              {week.map(({ day, inMonth: here }) => {
                const entries = here ? (byDay.get(day) ?? []) : [];
                return (
                  <td
                    key={day}
                    className={[here ? '' : 'outside', day === today ? 'today' : ''].filter(Boolean).join(' ') || undefined}
                    aria-current={day === today ? 'date' : undefined}
                  >
                    <span className="day-number">
                      <time dateTime={day}>{Number(day.slice(8))}</time>
                      <span className="visually-hidden"> {formatLocalDate(`${day}T00:00:00Z`, i18n.language, 'UTC')}</span>
                    </span>
                    {entries.length > 0 && (
                      <ul className="calendar-day" data-testid={`day-${day}`}>
                        {entries.map(({ event, first }) => {
                          const summary = eventSummary(event, t, i18n.language);
                          return (
                            <li
                              key={`${event.kind}-${event.id}`}
                              className={`event event-${event.kind}${event.cancelled ? ' cancelled' : ''}${first ? '' : ' continued'}`}
                              title={summary}
                            >
                              <KindMark kind={event.kind} />{' '}
                              {first ? (
                                <AppLink to={event.path}>
                                  <bdi>{event.title}</bdi>
                                </AppLink>
                              ) : (
                                <span>
                                  <bdi>{event.title}</bdi> <small>({t('calendar.continues')})</small>
                                </span>
                              )}
                              {event.cancelled && <small> ({t('dialogue.statuses.cancelled')})</small>}
                              <span className="visually-hidden"> · {eventDetails(event, t, i18n.language)}</span>
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A small month: each day with a mark per kind of event on it (the list beside it names them). */
function MiniMonth({ year, month, events }: { year: number; month: number; events: CalendarEventView[] }) {
  const { t, i18n } = useTranslation();
  const weeks = monthWeeks(year, month);
  const byDay = eventsByDay(
    events,
    weeks
      .flat()
      .filter((d) => d.inMonth)
      .map((d) => d.day),
  );
  const today = utcDay(new Date());
  return (
    <table className="mini-month">
      <caption>{`${monthNames(i18n.language)[month]} ${year}`}</caption>
      <thead>
        <WeekdayHeads />
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]!.day}>
            {week.map(({ day, inMonth: here }) => {
              const entries = here ? (byDay.get(day) ?? []) : [];
              const kinds = EVENT_KINDS.filter((k) => entries.some((e) => e.event.kind === k));
              return (
                <td
                  key={day}
                  className={
                    [here ? '' : 'outside', day === today ? 'today' : '', entries.length > 0 ? 'busy-day' : ''].filter(Boolean).join(' ') ||
                    undefined
                  }
                  title={entries.length > 0 ? entries.map((e) => eventSummary(e.event, t, i18n.language)).join('\n') : undefined}
                >
                  {here && (
                    <>
                      <time dateTime={day}>{Number(day.slice(8))}</time>
                      {kinds.length > 0 && (
                        <span className="mini-marks">
                          {kinds.map((k) => (
                            <KindMark key={k} kind={k} />
                          ))}
                          <span className="visually-hidden"> {t('calendar.eventCount', { count: entries.length })}</span>
                        </span>
                      )}
                    </>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A quarter or a year: its small months, then every event by month of its first day shown. */
export function MonthsOverview({
  months,
  events,
  from,
}: {
  months: { year: number; month: number }[];
  events: CalendarEventView[];
  from: Date;
}) {
  const { t, i18n } = useTranslation();
  const start = utcDay(from);
  const byMonth = new Map<string, CalendarEventView[]>();
  for (const event of [...events].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const first = eventDays(event).first;
    const key = (first < start ? start : first).slice(0, 7);
    byMonth.set(key, [...(byMonth.get(key) ?? []), event]);
  }
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    <>
      <div className={`mini-months mini-months-${months.length}`}>
        {months.map((m) => (
          <MiniMonth key={`${m.year}-${m.month}`} year={m.year} month={m.month} events={events} />
        ))}
      </div>
      {months.map(({ year, month }) => {
        const key = `${year}-${pad(month + 1)}`;
        const items = byMonth.get(key) ?? [];
        if (items.length === 0) return null;
        return (
          <section key={key} aria-labelledby={`events-${key}`} className="calendar-list">
            <h3 id={`events-${key}`}>{`${monthNames(i18n.language)[month]} ${year}`}</h3>
            <ul className="calendar-day" data-testid={`month-${key}`}>
              {items.map((event) => (
                <li key={`${event.kind}-${event.id}`} className={`event event-${event.kind}${event.cancelled ? ' cancelled' : ''}`}>
                  <span className={`kind-badge kind-badge-${event.kind}`}>
                    <KindMark kind={event.kind} /> {t(`calendar.kinds.${event.kind}`)}
                  </span>{' '}
                  <AppLink to={event.path}>
                    <bdi>{event.title}</bdi>
                  </AppLink>{' '}
                  <small className="muted">
                    <Span startsAt={event.startsAt} endsAt={event.endsAt} allDay={event.allDay} timeZone={event.timeZone} />
                    {event.place && (
                      <>
                        {' '}
                        · <bdi>{event.place}</bdi>
                      </>
                    )}
                    {event.cancelled && <> · {t('dialogue.statuses.cancelled')}</>}
                  </small>{' '}
                  <small className="marking">{event.label.marking}</small>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}

/** Height of one lane of bars, in rem (the stylesheet's bar height plus a gap). */
const LANE_REM = 1.75;

/**
 * The planning view: the period's days across, a row per nation or per unit down, each event a bar
 * (a link) from its first day to its last, overlapping bars stacked. Time runs in the language's
 * direction.
 */
export function PlanningView({
  events,
  from,
  to,
  mode,
  lookup,
}: {
  events: CalendarEventView[];
  from: Date;
  to: Date;
  mode: RowMode;
  lookup: PlanningLookup;
}) {
  const { t, i18n } = useTranslation();
  const days = daysOf(utcDay(from), utcDay(to));
  const first = days[0] ?? utcDay(from);
  const count = Math.max(days.length, 1);
  const rows = planningRows(events, mode, lookup);
  const today = utcDay(new Date());
  const todayIndex = days.indexOf(today);
  const at = (index: number) => `${(index / count) * 100}%`;
  // Month starts name their month; in a month or a quarter, Mondays (or every day) carry their number.
  const ticks = days.flatMap((day, i) => {
    const monthStart = day.endsWith('-01');
    const numbered = count <= 31 || (count <= 92 && weekday(day) === 1);
    if (!monthStart && !numbered) return [];
    return [{ day, i, monthStart, text: monthStart ? `${monthNames(i18n.language)[Number(day.slice(5, 7)) - 1]}` : '' }];
  });
  if (rows.length === 0) return <p className="empty">{t('calendar.planningEmpty')}</p>;
  return (
    <div className="planning-scroll">
      <table className={`planning planning-${count <= 31 ? 'month' : count <= 92 ? 'quarter' : 'year'}`} data-testid="planning">
        <thead>
          <tr>
            <th scope="col" className="planning-head">
              {mode === 'nation' ? t('calendar.nation') : t('calendar.unit')}
            </th>
            <th scope="col" className="planning-axis-cell">
              <span className="visually-hidden">{t('calendar.timeline')}</span>
              <div className="planning-axis" aria-hidden="true">
                {ticks.map((tick) => (
                  <span key={tick.day} className={`tick${tick.monthStart ? ' month-start' : ''}`} style={{ insetInlineStart: at(tick.i) }}>
                    {tick.monthStart ? <strong>{tick.text}</strong> : <span className="day">{Number(tick.day.slice(8))}</span>}
                  </span>
                ))}
              </div>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const placed = row.events.flatMap((event) => {
              const bar = barOf(event, first, count);
              return bar ? [{ event, bar }] : [];
            });
            const { lanes, count: laneCount } = packLanes(placed.map((p) => p.bar));
            return (
              <tr key={row.key} data-testid={`planning-row-${row.key}`}>
                <th scope="row" className="planning-row-head">
                  {row.unit === null ? (
                    mode === 'unit' ? (
                      t('calendar.wholeNation', { nation: row.nation })
                    ) : (
                      row.nation
                    )
                  ) : (
                    <>
                      {row.nation} · <bdi>{row.unit}</bdi>
                    </>
                  )}
                </th>
                <td>
                  <div className="planning-track" style={{ height: `${Math.max(laneCount, 1) * LANE_REM}rem` }}>
                    {todayIndex >= 0 && (
                      <span className="today-line" style={{ insetInlineStart: at(todayIndex + 0.5) }} aria-hidden="true" />
                    )}
                    {placed.map(({ event, bar }, i) => {
                      const details = eventDetails(event, t, i18n.language);
                      return (
                        <span
                          key={`${event.kind}-${event.id}`}
                          className={`bar event-${event.kind}${event.cancelled ? ' cancelled' : ''}`}
                          style={{ insetInlineStart: at(bar.start), width: at(bar.length), top: `${(lanes[i] ?? 0) * LANE_REM}rem` }}
                          title={`${event.title} · ${details}`}
                        >
                          <AppLink to={event.path}>
                            <KindMark kind={event.kind} /> <bdi>{event.title}</bdi>
                            <span className="visually-hidden"> · {details}</span>
                          </AppLink>
                        </span>
                      );
                    })}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
