import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import {
  incidentsUrlFor,
  useDeleteSavedSearch,
  useMarkNotificationsRead,
  useNotifications,
  useSavedSearches,
} from '../../api/saved-searches';
import { Moment } from '../../components/Moment';

/** Notifications of new matches, and the saved searches that raise them. */
export function SavedSearchesPage() {
  const { t } = useTranslation();
  const searches = useSavedSearches();
  const notifications = useNotifications();
  const remove = useDeleteSavedSearch();
  const markRead = useMarkNotificationsRead();
  const urlOf = (id: string) => {
    const search = searches.data?.items.find((s) => s.id === id);
    return search ? incidentsUrlFor(search.filter) : '/incidents';
  };
  return (
    <section>
      <h1>{t('saved.title')}</h1>
      <h2>{t('saved.notifications')}</h2>
      <ErrorMessage error={notifications.error} />
      {notifications.data && notifications.data.items.length === 0 && <p className="empty">{t('saved.noNotifications')}</p>}
      {notifications.data && notifications.data.items.length > 0 && (
        <>
          <ul data-testid="notifications">
            {notifications.data.items.map((n) => (
              <li key={n.id} className={n.read ? 'muted' : ''}>
                {n.kind === 'alert' ? (
                  n.line
                ) : n.kind === 'release' ? (
                  <AppLink to="/release" onClick={() => markRead.mutate(n.id)}>
                    {t('saved.releaseAwaits', { count: n.count })}
                  </AppLink>
                ) : n.search ? (
                  <AppLink to={urlOf(n.search.id)} onClick={() => markRead.mutate(n.id)}>
                    {t('saved.newMatches', { count: n.count, name: n.search.name })}
                  </AppLink>
                ) : (
                  t('saved.newMatchesDeleted', { count: n.count })
                )}{' '}
                <span className="muted">
                  <Moment at={n.createdAt} />
                </span>
              </li>
            ))}
          </ul>
          {notifications.data.unread > 0 && (
            <button type="button" onClick={() => markRead.mutate(undefined)}>
              {t('saved.markAllRead')}
            </button>
          )}
        </>
      )}
      <h2>{t('saved.searches')}</h2>
      <ErrorMessage error={searches.error ?? remove.error} />
      {searches.data && searches.data.items.length === 0 && <p className="empty">{t('saved.noSearches')}</p>}
      {searches.data && searches.data.items.length > 0 && (
        <ul data-testid="saved-searches">
          {searches.data.items.map((s) => (
            <li key={s.id}>
              <AppLink to={incidentsUrlFor(s.filter)}>{s.name}</AppLink>{' '}
              <button type="button" className="link-button" onClick={() => remove.mutate(s.id)}>
                {t('saved.delete', { name: s.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
