import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSessionEnded, useSignOut } from '../../api/session';
import { SessionWatch } from '../auth/SessionWatch';
import { LanguagePicker } from './LanguagePicker';
import { AlertBanner } from '../hotline/AlertBanner';
import { NotificationBell } from '../hotline/NotificationBell';
import { PushToggle } from './PushToggle';
import { Navigation } from './Navigation';
import { Shortcuts } from './Shortcuts';
import type { ReactNode } from 'react';
import type { KnownSession } from '../../api/session';
import './shell.css';

/** Who is signed in: everything on a wide screen, the name alone on a phone. */
function Identity({ session }: { session: KnownSession }) {
  const { t } = useTranslation();
  return (
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
  );
}

/**
 * The frame of every signed-in screen: who you are, the alerts waiting for you, and the screens
 * you may open, grouped by module (a side column on a wide screen, behind a menu button on a phone).
 */
export function AppShell({ session, children }: { session: KnownSession; children: ReactNode }) {
  const { t } = useTranslation();
  const signOut = useSignOut();
  // Once the session has ended nobody is signed in here, whatever the page still shows.
  const ended = useSessionEnded();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div
      className="shell"
      data-menu={menuOpen ? 'open' : 'closed'}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && menuOpen) {
          setMenuOpen(false);
          document.getElementById('menu-button')?.focus();
        }
      }}
    >
      <a className="skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <div className="topbar-main">
          <button
            type="button"
            id="menu-button"
            className="menu-button secondary"
            aria-expanded={menuOpen}
            aria-controls="app-nav"
            onClick={() => setMenuOpen(!menuOpen)}
          >
            <span aria-hidden="true" className="menu-icon" />
            {t('shell.menu')}
          </button>
          <div className="brand">
            {t('app.name')} <span className="node">{t('shell.node', { nation: session.node.nation })}</span>
          </div>
          {ended ? (
            <p className="identity identity-ended" data-testid="identity-ended">
              {t('session.ended.header', { username: session.user.username })}
            </p>
          ) : (
            <Identity session={session} />
          )}
          {/* Controls that must stay in view on a phone (the menu hides .topbar-tools there) go here. */}
          <NotificationBell />
        </div>
        <div className="topbar-tools">
          <LanguagePicker />
          <PushToggle />
          <button type="button" className="secondary" onClick={() => signOut.mutate()}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <SessionWatch session={session} />
      <AlertBanner dutyOfficer={session.user.roles.includes('duty-officer')} />
      <div className="shell-body">
        <Navigation permissions={session.permissions} onNavigate={() => setMenuOpen(false)} />
        <main id="main">{children}</main>
      </div>
      <Shortcuts canCreateIncident={session.permissions.includes('incident.create')} />
    </div>
  );
}
