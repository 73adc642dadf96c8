import { useTranslation } from 'react-i18next';
import { usePath } from '../../app/router';
import { AppLink } from '../../components/AppLink';
import { savedSearchMatches, useNotifications } from '../../api/saved-searches';
import { ReleaseQueueLink } from '../release/ReleaseQueueLink';
import { currentLink, visibleNavigation } from './navigation-groups';
import type { NavLink } from './navigation-groups';

/** Saved searches, with the count of unread notifications of new matches (the bell counts everything). */
function SavedLink({ current }: { current: boolean }) {
  const { t } = useTranslation();
  const notifications = useNotifications();
  const unread = savedSearchMatches(notifications.data?.items).filter((n) => !n.read).length;
  return (
    <AppLink to="/saved" current={current}>
      {t('shell.nav.saved')}
      {unread > 0 && (
        <span className="badge" data-testid="unread-count" aria-label={t('saved.unread', { count: unread })}>
          {unread}
        </span>
      )}
    </AppLink>
  );
}

function Link({ link, current }: { link: NavLink; current: boolean }) {
  const { t } = useTranslation();
  if (link.badge === 'saved-searches') return <SavedLink current={current} />;
  if (link.badge === 'release-queue') return <ReleaseQueueLink />;
  if (link.external) return <a href={link.to}>{t(link.label)}</a>;
  return (
    <AppLink to={link.to} current={current}>
      {t(link.label)}
    </AppLink>
  );
}

/** The main navigation, grouped by module; `onNavigate` runs when a link is followed (the phone menu closes). */
export function Navigation({ permissions, onNavigate }: { permissions: readonly string[]; onNavigate: () => void }) {
  const { t } = useTranslation();
  const path = usePath();
  const groups = visibleNavigation(permissions);
  const current = currentLink(path, groups);
  return (
    <nav
      id="app-nav"
      className="app-nav"
      aria-label={t('shell.navLabel')}
      onClick={(event) => {
        if ((event.target as Element).closest('a')) onNavigate();
      }}
    >
      {groups.map((group) => (
        <div key={group.id} className="nav-group" data-group={group.id}>
          <p className="nav-group-title" id={`nav-${group.id}`}>
            {t(group.label)}
          </p>
          <ul aria-labelledby={`nav-${group.id}`}>
            {group.links.map((link) => (
              <li key={link.to} className={link.to === current ? 'current' : undefined}>
                <Link link={link} current={link.to === current} />
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
