/**
 * The timeline: an overview of every matching incident (counts per day, week or month from the
 * server) with a brush that picks the time range, and below it the range itself — one lane per
 * domain, each incident drawn over the span its time precision allows when few enough match,
 * counts per bucket otherwise. Filters and range live in the address (`from`/`to` are the list's
 * own time filters), so Back and links keep them.
 */
import './picture.css';
import './timeline.css';
import { useState } from 'react';
import { useWidth } from '../../components/use-width';
import { useTranslation } from 'react-i18next';
import { useIncidentTimeline } from '../../api/incident-views';
import { navigate, useSearch } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { formatUtc } from './format';
import { vocab } from '../../i18n/vocab';
import { PictureFilterBar } from './PictureFilterBar';
import { colourOf, DOMAINS, filtersFromSearch, searchOf } from './picture-filters';
import { bucketSpan, DAY, dayCeil, dayFloor, monthTicks, spanOf, stepRange } from './timeline-scale';
import type { IncidentTimeline } from '../../../shared/contracts/incidents';
import type { PictureFilters } from './picture-filters';

type Range = { start: number; end: number };
const PAD = 8;

function extentOf(data: IncidentTimeline): Range | null {
  if (!data.first || !data.last) return null;
  const last = data.buckets.reduce((end, b) => Math.max(end, bucketSpan(b.start, data.unit).end), Date.parse(data.last) + DAY);
  return { start: dayFloor(Date.parse(data.first)), end: dayCeil(last) };
}

function MonthAxis({
  range,
  x,
  y,
  width,
  language,
}: {
  range: Range;
  x: (t: number) => number;
  y: number;
  width: number;
  language: string;
}) {
  const format = new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (
    <g className="axis" data-testid="month-ticks">
      {monthTicks(range.start, range.end, Math.floor(width / 90)).map((tick) => (
        <g key={tick}>
          <line x1={x(tick)} x2={x(tick)} y1={0} y2={y} className="tick-line" />
          <text x={x(tick) + 3} y={y + 12} className="tick">
            {format.format(tick)}
          </text>
        </g>
      ))}
    </g>
  );
}

/** Counts per bucket over the whole extent, stacked by domain, with the brush over them. */
function Overview({ data, range, onRange }: { data: IncidentTimeline; range: Range | null; onRange: (range: Range | null) => void }) {
  const { t, i18n } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>(800);
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const extent = extentOf(data);
  if (!extent) return null;
  const height = 70;
  const x = (time: number) => PAD + ((time - extent.start) / Math.max(1, extent.end - extent.start)) * (width - 2 * PAD);
  const timeAt = (px: number) => extent.start + ((px - PAD) / (width - 2 * PAD)) * (extent.end - extent.start);
  const totals = new Map<string, { domain: string; count: number }[]>();
  for (const b of data.buckets) totals.set(b.start, [...(totals.get(b.start) ?? []), b]);
  const most = Math.max(1, ...[...totals.values()].map((bs) => bs.reduce((s, b) => s + b.count, 0)));
  const shown = drag ? { start: timeAt(Math.min(drag.from, drag.to)), end: timeAt(Math.max(drag.from, drag.to)) } : range;
  const pointer = (event: React.PointerEvent<SVGSVGElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.max(PAD, Math.min(width - PAD, ((event.clientX - box.left) / box.width) * width));
  };
  const current = range ?? extent;
  const keys = (event: React.KeyboardEvent) => {
    const days = { ArrowLeft: -1, ArrowRight: 1, PageUp: -7, PageDown: 7 }[event.key];
    if (event.key === 'Escape') return onRange(null);
    if (days === undefined) return;
    event.preventDefault();
    // Without a range yet, the keys start from the last week of the extent.
    const from = range ?? { start: Math.max(extent.start, extent.end - 7 * DAY), end: extent.end };
    onRange(stepRange(from, extent, days, event.shiftKey));
  };
  return (
    <div ref={ref} className="timeline-overview">
      <svg
        width={width}
        height={height + 18}
        viewBox={`0 0 ${width} ${height + 18}`}
        className="timeline brush-area"
        data-testid="timeline-overview"
        role="slider"
        tabIndex={0}
        aria-label={t('timeline.brush')}
        aria-valuemin={extent.start}
        aria-valuemax={extent.end}
        aria-valuenow={current.start}
        aria-valuetext={t('timeline.rangeText', {
          from: formatUtc(new Date(current.start).toISOString()),
          to: formatUtc(new Date(current.end).toISOString()),
        })}
        aria-keyshortcuts="ArrowLeft ArrowRight Shift+ArrowLeft Shift+ArrowRight PageUp PageDown Escape"
        onKeyDown={keys}
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const at = pointer(event);
          setDrag({ from: at, to: at });
        }}
        onPointerMove={(event) => drag && setDrag({ ...drag, to: pointer(event) })}
        onPointerUp={(event) => {
          if (!drag) return;
          const a = Math.min(drag.from, pointer(event));
          const b = Math.max(drag.from, pointer(event));
          setDrag(null);
          // A click without a drag clears the range; a drag picks whole UTC days.
          if (b - a < 4) return onRange(null);
          onRange({ start: dayFloor(timeAt(a)), end: Math.max(dayFloor(timeAt(a)) + DAY, dayCeil(timeAt(b))) });
        }}
      >
        {[...totals.entries()].map(([start, buckets]) => {
          const span = bucketSpan(start, data.unit);
          let top = height;
          return buckets.map((b) => {
            const h = (b.count / most) * (height - 6);
            top -= h;
            return (
              <rect
                key={`${start}-${b.domain}`}
                x={x(span.start)}
                y={top}
                width={Math.max(1, x(span.end) - x(span.start) - 0.5)}
                height={h}
                fill={colourOf(b.domain)}
              />
            );
          });
        })}
        <MonthAxis range={extent} x={x} y={height} width={width} language={i18n.language} />
        {shown ? (
          <rect
            className="brush"
            data-testid="timeline-brush"
            x={x(Math.max(extent.start, shown.start))}
            y={0}
            width={Math.max(2, x(Math.min(extent.end, shown.end)) - x(Math.max(extent.start, shown.start)))}
            height={height}
          />
        ) : null}
      </svg>
      <p className="muted small-print">{t('timeline.brushHint')}</p>
    </div>
  );
}

/** The chosen range: one lane per domain; incidents one by one, or counts per bucket. */
function Detail({ data, range }: { data: IncidentTimeline; range: Range }) {
  const { t, i18n } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>(800);
  const lanes = DOMAINS.filter((d) => (data.items ?? data.buckets).some((i) => i.domain === d));
  const laneHeight = 34;
  const height = lanes.length * laneHeight;
  const x = (time: number) => PAD + ((time - range.start) / Math.max(1, range.end - range.start)) * (width - 2 * PAD);
  const clip = (a: number, b: number) => ({
    x: x(Math.max(range.start, a)),
    w: Math.max(3, x(Math.min(range.end, b)) - x(Math.max(range.start, a))),
  });
  const most = Math.max(1, ...data.buckets.map((b) => b.count));
  return (
    <div ref={ref}>
      <svg
        width={width}
        height={height + 18}
        viewBox={`0 0 ${width} ${height + 18}`}
        className="timeline"
        role="group"
        aria-label={t('timeline.detail')}
        data-testid="timeline"
        data-mode={data.items ? 'items' : 'counts'}
      >
        {lanes.map((lane, index) => (
          <g key={lane}>
            <line x1={PAD} x2={width - PAD} y1={index * laneHeight + 30} y2={index * laneHeight + 30} className="lane-line" />
            <text x={PAD} y={index * laneHeight + 11} className="lane-label">
              {vocab(t, 'domains', lane)}
            </text>
          </g>
        ))}
        <MonthAxis range={range} x={x} y={height} width={width} language={i18n.language} />
        {data.items
          ? data.items.map((incident) => {
              const span = spanOf(incident);
              const { x: left, w } = clip(span.start, span.end);
              return (
                <a key={incident.id} href={`/incidents/${incident.id}`} data-precision={incident.timePrecision} data-testid="timeline-item">
                  <rect
                    x={left}
                    y={lanes.indexOf(incident.domain) * laneHeight + 14}
                    width={w}
                    height={14}
                    rx={2}
                    style={{ fill: colourOf(incident.domain) }}
                    className={`span span-${incident.timePrecision}`}
                  >
                    <title>{`${incident.title} — ${formatUtc(incident.occurredAt)} (${t(`incidents.precision.${incident.timePrecision}`)})`}</title>
                  </rect>
                </a>
              );
            })
          : data.buckets.map((b) => {
              const span = bucketSpan(b.start, data.unit);
              const { x: left, w } = clip(span.start, span.end);
              const h = 4 + (b.count / most) * 14;
              return (
                <rect
                  key={`${b.start}-${b.domain}`}
                  data-testid="timeline-bucket"
                  x={left}
                  y={lanes.indexOf(b.domain) * laneHeight + 30 - h}
                  width={Math.max(2, w - 0.5)}
                  height={h}
                  fill={colourOf(b.domain)}
                >
                  <title>
                    {t('timeline.bucket', {
                      count: b.count,
                      domain: vocab(t, 'domains', b.domain),
                      start: b.start,
                      unit: t(`timeline.unit.${data.unit}`),
                    })}
                  </title>
                </rect>
              );
            })}
      </svg>
    </div>
  );
}

export function TimelinePage() {
  const { t } = useTranslation();
  const search = useSearch();
  const filters = filtersFromSearch(search);
  const { from, to, ...rest } = filters;
  const overview = useIncidentTimeline(rest);
  const detail = useIncidentTimeline(filters);
  const setRange = (range: Range | null) => {
    const next: PictureFilters = { ...rest };
    if (range) {
      next.from = new Date(range.start).toISOString();
      next.to = new Date(range.end).toISOString();
    }
    navigate(`/timeline${searchOf(next)}`);
  };
  const brushed = from || to ? { start: from ? Date.parse(from) : -Infinity, end: to ? Date.parse(to) : Infinity } : null;
  const extent = overview.data ? extentOf(overview.data) : null;
  const range =
    detail.data && extent ? { start: brushed && from ? brushed.start : extent.start, end: brushed && to ? brushed.end : extent.end } : null;
  return (
    <section className="timeline-page">
      {detail.data?.mostRestrictive ? <MarkingBanner markings={[detail.data.mostRestrictive]} /> : null}
      <h1>{t('timeline.title')}</h1>
      <PictureFilterBar key={search} path="/timeline" filters={filters} />
      <ErrorMessage error={overview.error ?? detail.error} />
      {overview.isPending || detail.isPending ? <p>{t('notes.loading')}</p> : null}
      {overview.data && overview.data.total === 0 ? (
        <div className="empty">
          <p>{t('incidents.empty')}</p>
          <p>{t('timeline.emptyAction')}</p>
        </div>
      ) : null}
      {overview.data && overview.data.total > 0 ? (
        <>
          <Overview
            data={overview.data}
            range={brushed && extent ? { start: Math.max(extent.start, brushed.start), end: Math.min(extent.end, brushed.end) } : null}
            onRange={setRange}
          />
          <p className="muted" data-testid="timeline-count" aria-live="polite">
            {detail.data && range
              ? t(detail.data.items ? 'timeline.shownItems' : 'timeline.shownCounts', {
                  count: detail.data.total,
                  total: overview.data.total,
                  from: formatUtc(new Date(range.start).toISOString()),
                  to: formatUtc(new Date(range.end).toISOString()),
                  unit: t(`timeline.unit.${detail.data.unit}`),
                })
              : null}
          </p>
          {brushed ? (
            <button type="button" className="secondary" onClick={() => setRange(null)}>
              {t('timeline.wholeRange')}
            </button>
          ) : null}
          {detail.data && range && detail.data.total > 0 ? <Detail data={detail.data} range={range} /> : null}
          <ul className="picture-legend" aria-label={t('map.legend')}>
            {DOMAINS.map((domain) => (
              <li key={domain}>
                <span className="swatch" style={{ background: colourOf(domain) }} aria-hidden="true" />
                {vocab(t, 'domains', domain)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
