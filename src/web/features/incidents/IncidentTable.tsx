/**
 * The incident list as a virtualised table: only the rows in view are in the page, so thousands of
 * loaded incidents scroll smoothly; the next page loads as the end comes into view. Keyboard: Tab
 * into the list, ↑/↓ (Home/End) move between rows, Enter opens the incident.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { navigate } from '../../app/router';
import type { Incident } from '../../../shared/contracts/incidents';
import { Moment } from '../../components/Moment';
import { vocab } from '../../i18n/vocab';
import { useCountryName } from '../../i18n/country-names';

const ROW_HEIGHT = 58;

export function IncidentTable({
  items,
  hasMore,
  loadingMore,
  loadMore,
}: {
  items: Incident[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
}) {
  const { t } = useTranslation();
  const countryName = useCountryName();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastShown >= items.length - 15) loadMore();
  }, [hasMore, loadingMore, lastShown, items.length, loadMore]);

  const focusRow = (index: number) => {
    const target = Math.max(0, Math.min(items.length - 1, index));
    virtualizer.scrollToIndex(target, { align: 'auto' });
    const row = () => scroller.current?.querySelector<HTMLElement>(`tr[data-index="${target}"]`);
    // A row in the page takes focus at once; one scrolled into view takes it once it is drawn.
    const present = row();
    if (present) present.focus();
    else requestAnimationFrame(() => row()?.focus());
  };
  const paddingTop = rows[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (rows.at(-1)?.end ?? 0);

  return (
    <div ref={scroller} className="virtual-scroll" data-testid="incident-scroll">
      <table className="incident-table" data-testid="incident-list" aria-rowcount={items.length + 1}>
        <thead>
          <tr>
            <th scope="col">{t('incidents.when')}</th>
            <th scope="col">{t('incidents.what')}</th>
            <th scope="col">{t('incidents.where')}</th>
            <th scope="col">{t('incidents.marking')}</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <tr aria-hidden="true" style={{ height: paddingTop }} />}
          {rows.map((row) => {
            const incident = items[row.index] as Incident;
            return (
              <tr
                key={incident.id}
                data-index={row.index}
                ref={virtualizer.measureElement}
                tabIndex={row.index === 0 ? 0 : -1}
                aria-rowindex={row.index + 2}
                onKeyDown={(event) => {
                  const moves: Record<string, number> = {
                    ArrowDown: row.index + 1,
                    ArrowUp: row.index - 1,
                    Home: 0,
                    End: items.length - 1,
                  };
                  const next = moves[event.key];
                  if (next !== undefined) {
                    event.preventDefault();
                    focusRow(next);
                  } else if (event.key === 'Enter' && event.target === event.currentTarget) {
                    navigate(`/incidents/${incident.id}`);
                  }
                }}
              >
                <td>
                  <Moment at={incident.occurredAt} day />
                </td>
                <td>
                  <AppLink to={`/incidents/${incident.id}`}>
                    <bdi>{incident.title}</bdi>
                  </AppLink>
                  <div className="muted">
                    {vocab(t, 'domains', incident.domain)} · {vocab(t, 'subtypes', incident.subtype)}
                    {incident.releaseState === 'draft' ? ` · ${t('incidents.draft')}` : ''}
                  </div>
                </td>
                <td>
                  <bdi>{incident.place.name ?? ''}</bdi> {countryName(incident.place.country)}
                </td>
                <td>
                  <span className={`chip marking-${incident.label.classification.toLowerCase()}`}>{incident.label.marking}</span>
                </td>
              </tr>
            );
          })}
          {paddingBottom > 0 && <tr aria-hidden="true" style={{ height: paddingBottom }} />}
        </tbody>
      </table>
      {loadingMore && <p className="hint">{t('notes.loading')}</p>}
    </div>
  );
}
