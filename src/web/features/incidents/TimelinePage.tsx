/**
 * The timeline: one lane per domain; an incident is drawn over the span its time precision allows
 * (a day, a week, a month) — a bar, not a point, so imprecise dates do not look exact.
 */
import { useTranslation } from 'react-i18next';
import { useIncidents } from '../../api/incidents';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { humanise } from './format';
import type { Incident } from '../../../shared/contracts/incidents';

const DAY = 86_400_000;
const SPAN: Record<Incident['timePrecision'], number> = { exact: DAY / 24, day: DAY, week: 7 * DAY, month: 30 * DAY };

export function spanOf(incident: Pick<Incident, 'occurredAt' | 'timePrecision'>): { start: number; end: number } {
  const start = Date.parse(incident.occurredAt);
  return { start, end: start + SPAN[incident.timePrecision] };
}

export function TimelinePage() {
  const { t, i18n } = useTranslation();
  const incidents = useIncidents({});
  if (incidents.isPending) return <p>{t('notes.loading')}</p>;
  if (incidents.error) return <ErrorMessage error={incidents.error} />;
  const items = incidents.data.pages.flatMap((p) => p.items);
  if (items.length === 0) {
    return (
      <section>
        <h1>{t('timeline.title')}</h1>
        <div className="empty">
          <p>{t('incidents.empty')}</p>
        </div>
      </section>
    );
  }
  const lanes = [...new Set(items.map((i) => i.domain))].sort();
  const spans = items.map(spanOf);
  const min = Math.min(...spans.map((s) => s.start));
  const max = Math.max(...spans.map((s) => s.end));
  const width = 1000;
  const laneHeight = 28;
  const left = 170;
  const x = (time: number) => left + ((time - min) / Math.max(1, max - min)) * (width - left - 10);
  return (
    <section>
      <MarkingBanner markings={items.map((i) => i.label)} />
      <h1>{t('timeline.title')}</h1>
      <p className="muted">{t('timeline.hint', { count: items.length })}</p>
      <svg
        className="timeline"
        viewBox={`0 0 ${width} ${lanes.length * laneHeight + 30}`}
        role="group"
        aria-label={t('timeline.title')}
        data-testid="timeline"
      >
        {lanes.map((lane, index) => (
          <g key={lane}>
            <text x={4} y={index * laneHeight + 18} className="lane-label">
              {humanise(lane)}
            </text>
            <line x1={left} x2={width - 10} y1={index * laneHeight + 14} y2={index * laneHeight + 14} className="lane-line" />
          </g>
        ))}
        {items.map((incident, i) => {
          const span = spans[i] as { start: number; end: number };
          const lane = lanes.indexOf(incident.domain);
          return (
            <a key={incident.id} href={`/incidents/${incident.id}`} data-precision={incident.timePrecision}>
              <rect
                x={x(span.start)}
                y={lane * laneHeight + 6}
                width={Math.max(3, x(span.end) - x(span.start))}
                height={16}
                rx={2}
                className={`span span-${incident.timePrecision}`}
              >
                <title>{`${incident.title} — ${new Date(incident.occurredAt).toLocaleDateString(i18n.language)} (${incident.timePrecision})`}</title>
              </rect>
            </a>
          );
        })}
        <text x={left} y={lanes.length * laneHeight + 24} className="axis">
          {new Date(min).toLocaleDateString(i18n.language)}
        </text>
        <text x={width - 10} y={lanes.length * laneHeight + 24} textAnchor="end" className="axis">
          {new Date(max).toLocaleDateString(i18n.language)}
        </text>
      </svg>
      {incidents.hasNextPage && (
        <button type="button" onClick={() => void incidents.fetchNextPage()} disabled={incidents.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
      <p>
        <AppLink to="/incidents">{t('incidents.back')}</AppLink>
      </p>
    </section>
  );
}
