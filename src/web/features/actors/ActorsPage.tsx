import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { useRecords } from '../../api/picture-records';
import { ACTOR_KINDS } from '../../../shared/vocab/picture-records';
import { vocab } from '../../i18n/vocab';

export function ActorsPage({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState({ q: '', kind: '' });
  const [filters, setFilters] = useState({ q: '', kind: '' });
  const actors = useRecords('actors', { q: filters.q || undefined, kind: filters.kind || undefined });
  const items = actors.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section>
      <MarkingBanner markings={items.map((a) => a.label)} />
      <h1>{t('actors.title')}</h1>
      {canCreate && <AppLink to="/actors/new">{t('actors.new')}</AppLink>}
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          {t('actors.search')}
          <input name="q" type="search" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          {t('actors.kind')}
          <select name="kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value })}>
            <option value="">{t('incidents.any')}</option>
            {ACTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {vocab(t, 'actorKinds', k)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t('incidents.apply')}</button>
      </form>
      {actors.error ? <ErrorMessage error={actors.error} /> : null}
      {actors.isPending ? (
        <p>{t('notes.loading')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('actors.empty')}</p>
      ) : (
        <table data-testid="actor-list">
          <thead>
            <tr>
              <th scope="col">{t('actors.name')}</th>
              <th scope="col">{t('actors.kind')}</th>
              <th scope="col">{t('incidents.marking')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <td>
                  <AppLink to={`/actors/${a.id}`}>
                    <bdi>{a.name}</bdi>
                  </AppLink>
                  {a.aliases.length > 0 && <div className="muted">{a.aliases.join(', ')}</div>}
                </td>
                <td>
                  {vocab(t, 'actorKinds', a.kind)}
                  {a.releaseState === 'draft' ? ` · ${t('incidents.draft')}` : ''}
                </td>
                <td>
                  <span className={`chip marking-${a.label.classification.toLowerCase()}`}>{a.label.marking}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {actors.hasNextPage && (
        <button type="button" onClick={() => void actors.fetchNextPage()} disabled={actors.isFetchingNextPage}>
          {t('notes.loadMore')}
        </button>
      )}
    </section>
  );
}
