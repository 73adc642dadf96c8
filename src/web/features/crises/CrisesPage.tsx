import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCrises } from '../../api/crises';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { Moment } from '../../components/Moment';

/** Crises the reader may read, newest first, open or closed. */
export function CrisesPage({ canDeclare }: { canDeclare: boolean }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed' | ''>('open');
  const crises = useCrises(status);
  const items = crises.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <MarkingBanner markings={items.map((c) => c.label)} />
      <h1>{t('crisis.title')}</h1>
      {canDeclare && (
        <p>
          <AppLink to="/crises/new">{t('crisis.declare')}</AppLink>
        </p>
      )}
      <label>
        {t('crisis.show')}
        <select name="status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="open">{t('crisis.statuses.open')}</option>
          <option value="closed">{t('crisis.statuses.closed')}</option>
          <option value="">{t('crisis.all')}</option>
        </select>
      </label>
      <ErrorMessage error={crises.error} />
      {crises.isPending && <p>{t('notes.loading')}</p>}
      {crises.data && items.length === 0 && <p className="empty">{t(canDeclare ? 'crisis.emptyDeclare' : 'crisis.empty')}</p>}
      {items.length > 0 && (
        <table data-testid="crises">
          <thead>
            <tr>
              <th>{t('crisis.declaredAt')}</th>
              <th>{t('crisis.name')}</th>
              <th>{t('crisis.participants')}</th>
              <th>{t('crisis.status')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className={c.exercise ? 'exercise' : ''}>
                <td>
                  <Moment at={c.declaredAt} />
                </td>
                <td>
                  {c.exercise && <strong>{t('hotline.exercise')} </strong>}
                  <AppLink to={`/crises/${c.id}`}>{c.title}</AppLink>
                </td>
                <td>{c.participants.join(', ')}</td>
                <td>{t(`crisis.statuses.${c.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {crises.hasNextPage && (
        <button type="button" onClick={() => void crises.fetchNextPage()} disabled={crises.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
