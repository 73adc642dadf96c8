import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import { useNotifications } from '../../api/saved-searches';

/** Saved searches, with the count of unread notifications of new matches. */
function SavedLink() {
  const { t } = useTranslation();
  const notifications = useNotifications();
  const unread = notifications.data?.unread ?? 0;
  return (
    <AppLink to="/saved">
      {t('shell.nav.saved')}
      {unread > 0 && (
        <span className="badge" data-testid="unread-count" aria-label={t('saved.unread', { count: unread })}>
          {unread}
        </span>
      )}
    </AppLink>
  );
}
import { useSessionEnded, useSignOut } from '../../api/session';
import { SessionWatch } from '../auth/SessionWatch';
import { LanguagePicker } from './LanguagePicker';
import { AlertBanner } from '../hotline/AlertBanner';
import { NotificationBell } from '../hotline/NotificationBell';
import { PushToggle } from './PushToggle';
import { ReleaseQueueLink } from '../release/ReleaseQueueLink';
import type { ReactNode } from 'react';
import type { KnownSession } from '../../api/session';

/** The frame of every signed-in screen: who you are, where you are, what you can open. */
export function AppShell({ session, children }: { session: KnownSession; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  // Once the session has ended nobody is signed in here, whatever the page still shows.
  const ended = useSessionEnded();
  const link = (path: string, label: string) => <AppLink to={path}>{label}</AppLink>;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="brand">
          {t('app.name')} <span className="node">{t('shell.node', { nation: session.node.nation })}</span>
        </div>
        <nav aria-label="main">
          {link('/incidents', t('shell.nav.incidents'))}
          {session.permissions.includes('record.release') && <ReleaseQueueLink />}
          {session.permissions.includes('incident.create') && link('/incidents/new', t('shell.nav.newIncident'))}
          {session.permissions.includes('incident.create') && link('/import', t('shell.nav.import'))}
          {link('/actors', t('shell.nav.actors'))}
          {link('/indicators', t('shell.nav.indicators'))}
          {link('/map', t('shell.nav.map'))}
          {link('/timeline', t('shell.nav.timeline'))}
          {link('/dashboard', t('shell.nav.dashboard'))}
          {link('/notes', t('shell.nav.notes'))}
          <SavedLink />
          {link('/alerts', t('shell.nav.alerts'))}
          {link('/crises', t('shell.nav.crises'))}
          {link('/desks', t('shell.nav.desks'))}
          {session.permissions.includes('node.manage') && link('/federation', t('shell.nav.federation'))}
          {session.permissions.includes('record.release') && link('/feeds', t('shell.nav.feeds'))}
          {session.permissions.includes('user.manage') && link('/users', t('shell.nav.users'))}
          {link('/tokens', t('shell.nav.tokens'))}
          {session.permissions.includes('note.create') && link('/notes/new', t('shell.nav.newNote'))}
          <a href="/api/docs">{t('shell.nav.apiDocs')}</a>
        </nav>
        {ended ? (
          <p className="identity identity-ended" data-testid="identity-ended">
            {t('session.ended.header', { username: session.user.username })}
          </p>
        ) : (
          <dl className="identity" data-testid="identity">
            <div>
              <dt>{t('shell.signedInAs')}</dt>
              <dd data-testid="identity-user">
                {session.user.displayName} ({session.user.username})
              </dd>
            </div>
            <div>
              <dt>{t('shell.organisation')}</dt>
              <dd data-testid="identity-org">{session.org.name}</dd>
            </div>
            <div>
              <dt>{t('shell.nation')}</dt>
              <dd data-testid="identity-nation">{session.nation.code}</dd>
            </div>
            <div>
              <dt>{t('shell.roles')}</dt>
              <dd data-testid="identity-roles">{session.user.roles.map((r) => t(`roles.${r}`)).join(', ')}</dd>
            </div>
            <div>
              <dt>{t('shell.clearance')}</dt>
              <dd>{session.user.clearance}</dd>
            </div>
          </dl>
        )}
        <LanguagePicker />
        <NotificationBell />
        <PushToggle />
        <button type="button" onClick={() => signOut.mutate()}>
          {t('shell.signOut')}
        </button>
      </header>
      <SessionWatch session={session} />
      <AlertBanner dutyOfficer={session.user.roles.includes('duty-officer')} />
      <main id="main">{children}</main>
    </div>
  );
}
