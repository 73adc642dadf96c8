import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { ErrorMessage } from '../../components/ErrorMessage';
import {
  incidentsUrlFor,
  savedSearchMatches,
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
  // New matches only: alerts and release notices are the bell's (NotificationBell), not this page's.
  const matches = savedSearchMatches(notifications.data?.items);
  const unread = matches.filter((n) => !n.read);
  const urlOf = (id: string) => {
    const search = searches.data?.items.find((s) => s.id === id);
    return search ? incidentsUrlFor(search.filter) : '/incidents';
  };
  return (
    <section>
      <h1>{t('saved.title')}</h1>
      <h2>{t('saved.notifications')}</h2>
      <ErrorMessage error={notifications.error} />
      {notifications.data && matches.length === 0 && <p className="empty">{t('saved.noNotifications')}</p>}
      {matches.length > 0 && (
        <>
          <ul data-testid="notifications">
            {matches.map((n) => (
              <li key={n.id} className={n.read ? 'muted' : ''}>
                {n.search ? (
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
          {unread.length > 0 && (
            <button type="button" onClick={() => unread.forEach((n) => markRead.mutate(n.id))}>
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
