/**
 * Exercise metrics: how fast the nations answered in their exercises — time to acknowledge an
 * alert, to a first situation report, from a request for assistance to an accepted offer — as a
 * trend across the exercises in the order they ran (a line per nation), and as a table with each
 * nation's desks under it, downloadable as CSV. The measure, nation and exercise live in the
 * address, so Back and links keep them.
 */
import { useId } from 'react';
import { useWidth } from '../../components/use-width';
import { useTranslation } from 'react-i18next';
import { useExerciseMetrics } from '../../api/training';
import { navigate } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Moment } from '../../components/Moment';
import { formatLocalDate } from '../../../shared/time/format-moment';
import { METRIC_MEASURES } from '../../../shared/vocab/training';
import {
  clipText,
  firstAndLatest,
  formatMinutes,
  labelEvery,
  markerPath,
  metricFiltersFromSearch,
  metricsAddress,
  metricsExportUrl,
  nationsOf,
  plotTrend,
  shownRows,
  styleOf,
  trendOf,
} from './metric-series';
import { ALL_FIGURES, FigureCells, FigureHeads } from './MetricFigures';
import { TrainingLinks } from './TrainingParts';
import type { MetricExerciseView, MetricFilters, Trend } from './metric-series';
import type { MetricRowView } from '../../../shared/contracts/exercise-metrics';
import type { MetricMeasure } from '../../../shared/vocab/training';
import './training.css';

export function ExerciseMetricsPage({ search }: { search: string }) {
  const { t } = useTranslation();
  const filters = metricFiltersFromSearch(search);
  const metrics = useExerciseMetrics(filters.exercise ?? null);
  const apply = (next: MetricFilters) => navigate(metricsAddress(next));
  const view = metrics.data;
  const rows = view ? shownRows(view, filters) : [];
  const nations = view ? nationsOf(view, filters.measure, filters.nation) : filters.nation ? [filters.nation] : [];
  // A nation keeps its colour whichever nation is chosen: its place among all those measured.
  const places = new Map(nations.map((n, i) => [n, i]));
  const exercise = filters.exercise ? view?.exercises.find((e) => e.id === filters.exercise) : undefined;
  return (
    <section className="exercise-metrics-page">
      <h1>{t('training.metrics.title')}</h1>
      <p className="muted">{t('training.metrics.intro')}</p>
      <TrainingLinks omit="metrics" />
      <form className="training-filters" onSubmit={(event) => event.preventDefault()} aria-label={t('training.metrics.filters')}>
        <label>
          {t('training.metrics.measure')}
          <select name="measure" value={filters.measure} onChange={(e) => apply({ ...filters, measure: e.target.value as MetricMeasure })}>
            {METRIC_MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`training.metrics.measures.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('training.nation')}
          <select name="nation" value={filters.nation ?? ''} onChange={(e) => apply({ ...filters, nation: e.target.value || undefined })}>
            <option value="">{t('training.metrics.allNations')}</option>
            {nations.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </form>
      {filters.exercise && (
        <p className="metrics-one-exercise">
          {/* An exercise with nothing measured, or none the reader may read, is not named: the line reads whole without it. */}
          {exercise ? (
            <>
              {t('training.metrics.oneExercise')}{' '}
              <AppLink to={`/exercises/${exercise.id}`}>
                <bdi>{exercise.title}</bdi>
              </AppLink>
            </>
          ) : (
            t('training.metrics.oneExerciseUnnamed')
          )}{' '}
          · <AppLink to={metricsAddress({ ...filters, exercise: undefined })}>{t('training.clearFilters')}</AppLink>
        </p>
      )}
      <ErrorMessage error={metrics.error} />
      {metrics.isPending && <p>{t('notes.loading')}</p>}
      {view && view.rows.length === 0 && (
        <p className="empty" data-testid="metrics-empty">
          {t('training.metrics.empty')}
        </p>
      )}
      {view && view.rows.length > 0 && rows.length === 0 && <p className="empty">{t('training.metrics.noMatch')}</p>}
      {view && rows.length > 0 && (
        <>
          <p>
            <a href={metricsExportUrl(filters)} download data-testid="metrics-csv">
              {t('training.metrics.csv')}
            </a>
          </p>
          <section aria-labelledby="metrics-trend-heading">
            <h2 id="metrics-trend-heading">{t('training.metrics.trend')}</h2>
            <TrendChart trend={trendOf(view, filters)} measure={filters.measure} places={places} />
          </section>
          <section aria-labelledby="metrics-table-heading">
            <h2 id="metrics-table-heading">{t('training.metrics.byDesk')}</h2>
            <MetricsTable rows={rows} exercises={view.exercises} measure={filters.measure} />
          </section>
        </>
      )}
    </section>
  );
}

const HEIGHT = 300;
// Room for the minutes beside the axis, and under it for each exercise's date, title and the axis's name.
const MARGIN = { top: 14, right: 16, bottom: 64, left: 56 };
/** The narrowest a label under the axis may be, in pixels. */
const LABEL_GAP = 96;
/** About how wide a character of the labels is, in pixels (11px text). */
const CHAR = 6.5;

/** The nations' median minutes across the exercises, a line and marker each, with its legend and its figures as a table. */
function TrendChart({ trend, measure, places }: { trend: Trend; measure: MetricMeasure; places: Map<string, number> }) {
  const { t, i18n } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>(720);
  const titleId = useId();
  const descId = useId();
  const box = { width, height: HEIGHT, ...MARGIN };
  const plot = plotTrend(trend, box);
  const bottom = HEIGHT - MARGIN.bottom;
  const every = labelEvery(trend.exercises.length, plot.column, LABEL_GAP);
  const chars = Math.max(4, Math.floor((plot.column * every - 8) / CHAR));
  const minutes = (value: number) => formatMinutes(value, i18n.language);
  const day = (e: MetricExerciseView) => formatLocalDate(e.startedAt, i18n.language, 'UTC');
  const style = (nation: string) => styleOf(places.get(nation) ?? 0);
  // The drawing runs left to right in every language; its words keep the language's direction (Urdu reads right to left).
  const dir = i18n.dir(i18n.language);
  const label = t('training.metrics.chartLabel', { measure: t(`training.metrics.measures.${measure}`), count: trend.exercises.length });
  const description = trend.series
    .map((s) => {
      const seen = firstAndLatest(s);
      if (!seen) return '';
      return seen.measured === 1
        ? t('training.metrics.nationValue', { nation: s.nation, value: minutes(seen.latest) })
        : t('training.metrics.nationTrend', { nation: s.nation, first: minutes(seen.first), last: minutes(seen.latest) });
    })
    .filter(Boolean)
    .join('; ');
  return (
    <div ref={ref} className="metrics-chart">
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        data-testid="metrics-chart"
      >
        <title id={titleId}>{label}</title>
        <desc id={descId}>{description}</desc>
        {plot.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={tick.y} y2={tick.y} className="grid-line" />
            <text x={MARGIN.left - 6} y={tick.y + 4} className="tick" textAnchor="end">
              {minutes(tick.value)}
            </text>
          </g>
        ))}
        <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} className="axis-line" />
        <line x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={bottom} className="axis-line" />
        <text
          x={14}
          y={MARGIN.top + (bottom - MARGIN.top) / 2}
          transform={`rotate(-90 14 ${MARGIN.top + (bottom - MARGIN.top) / 2})`}
          className="axis-title"
          textAnchor="middle"
          direction={dir}
        >
          {t('training.metrics.axisMinutes')}
        </text>
        {trend.exercises.map((e, i) =>
          i % every === 0 ? (
            <g key={e.id}>
              <line x1={plot.x(i)} x2={plot.x(i)} y1={bottom} y2={bottom + 4} className="axis-line" />
              <text x={plot.x(i)} y={bottom + 17} className="tick" textAnchor="middle" direction={dir}>
                {day(e)}
              </text>
              <text x={plot.x(i)} y={bottom + 31} className="tick title-label" textAnchor="middle">
                {clipText(e.title, chars)}
              </text>
            </g>
          ) : null,
        )}
        <text
          x={MARGIN.left + (width - MARGIN.left - MARGIN.right) / 2}
          y={HEIGHT - 6}
          className="axis-title"
          textAnchor="middle"
          direction={dir}
        >
          {t('training.metrics.axisExercises')}
        </text>
        {plot.lines.map((line) => (
          <g key={line.nation} style={{ color: style(line.nation).colour }}>
            <path d={line.d} className="trend-line" />
            {line.points.map((p) => (
              <path key={p.index} d={markerPath(style(line.nation).shape, p.x, p.y, 4.5)} className="trend-point">
                <title>
                  {t('training.metrics.point', {
                    nation: line.nation,
                    exercise: trend.exercises[p.index]?.title ?? '',
                    value: minutes(p.value),
                  })}
                </title>
              </path>
            ))}
          </g>
        ))}
      </svg>
      <ul className="metrics-legend" aria-label={t('training.metrics.legend')}>
        {trend.series.map((s) => (
          <li key={s.nation}>
            <svg width={30} height={14} viewBox="0 0 30 14" aria-hidden="true" style={{ color: style(s.nation).colour }}>
              <line x1={1} x2={29} y1={7} y2={7} className="trend-line" />
              <path d={markerPath(style(s.nation).shape, 15, 7, 4.5)} className="trend-point" />
            </svg>
            {s.nation}
          </li>
        ))}
      </ul>
      <details className="metrics-figures">
        <summary>{t('training.metrics.figures')}</summary>
        {/* Focusable: on a phone it scrolls sideways, and has no link to take the keyboard there. */}
        <table tabIndex={0}>
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t('training.exercise')}</th>
              <th scope="col">{t('training.metrics.started')}</th>
              {trend.series.map((s) => (
                <th scope="col" key={s.nation} className="number">
                  {s.nation}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.exercises.map((e, i) => (
              <tr key={e.id}>
                <th scope="row">
                  <bdi>{e.title}</bdi>
                </th>
                <td>{day(e)}</td>
                {trend.series.map((s) => {
                  const value = s.points[i];
                  return (
                    <td key={s.nation} className="number">
                      {value === null || value === undefined ? (
                        <>
                          <span aria-hidden="true">–</span>
                          <span className="visually-hidden">{t('training.metrics.none')}</span>
                        </>
                      ) : (
                        minutes(value)
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

/**
 * The rows: an exercise's rows grouped, its name, start and the measure written once (and again
 * for assistive technology only on the rows after it); each nation, its desks indented under it.
 */
function MetricsTable({ rows, exercises, measure }: { rows: MetricRowView[]; exercises: MetricExerciseView[]; measure: MetricMeasure }) {
  const { t, i18n } = useTranslation();
  const groups = exercises
    .map((exercise) => ({ exercise, rows: rows.filter((r) => r.exerciseId === exercise.id) }))
    .filter((g) => g.rows.length > 0);
  const measureWords = t(`training.metrics.short.${measure}`);
  const hidden = (text: string) => <span className="visually-hidden">{text}</span>;
  return (
    <table className="metrics-table" data-testid="metrics-table">
      <caption className="visually-hidden">{t('training.metrics.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('training.exercise')}</th>
          <th scope="col">{t('training.metrics.started')}</th>
          <th scope="col">{t('training.metrics.measure')}</th>
          <th scope="col">{t('training.nation')}</th>
          <th scope="col">{t('training.metrics.desk')}</th>
          <FigureHeads figures={ALL_FIGURES} />
        </tr>
      </thead>
      {groups.map(({ exercise, rows: of }) => (
        <tbody key={exercise.id} className="metrics-exercise">
          {of.map((r, i) => {
            const desk = r.desk;
            return (
              <tr key={`${r.nation} ${desk?.id ?? ''}`} className={desk ? 'metrics-desk-row' : 'metrics-nation-row'}>
                <td>
                  {i === 0 ? (
                    <AppLink to={`/exercises/${exercise.id}`}>
                      <bdi>{exercise.title}</bdi>
                    </AppLink>
                  ) : (
                    hidden(exercise.title)
                  )}
                </td>
                <td>
                  {i === 0 ? <Moment at={exercise.startedAt} day /> : hidden(formatLocalDate(exercise.startedAt, i18n.language, 'UTC'))}
                </td>
                <td>{i === 0 ? measureWords : hidden(measureWords)}</td>
                <td>{desk ? hidden(r.nation) : r.nation}</td>
                <td>
                  {desk ? (
                    <span className="metrics-desk">
                      <bdi>{desk.name}</bdi>
                    </span>
                  ) : measure === 'acknowledge' ? (
                    <span className="muted">{t('training.metrics.allDesks')}</span>
                  ) : null}
                </td>
                <FigureCells row={r} figures={ALL_FIGURES} />
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}
