import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAwaitingAnswer } from '../../api/hotline';
import { useMarkNotificationsRead, useNotifications } from '../../api/saved-searches';
import { AppLink } from '../../components/AppLink';
import { Moment } from '../../components/Moment';
import type { Notification } from '../../../shared/contracts/saved-searches';
import './desks.css';

/** A notification in the reader's language, from its parts; older ones keep the server's line. */
function useNotificationText() {
  const { t } = useTranslation();
  return (n: Notification): string => {
    if (n.kind === 'saved-search') return t('bell.savedSearch', { n: n.count, name: n.search?.name ?? t('bell.deletedSearch') });
    if (n.kind === 'release') return t('bell.releaseAwaits', { count: n.count });
    // Worded in the account's language when it was sent: the due date only, never the commitment.
    if (n.kind === 'commitment') return n.line;
    if (!n.topic) return n.line;
    const severity = t(`hotline.severities.${n.topic.severity}`);
    const text =
      n.topic.event === 'step'
        ? t('bell.alertStep', { severity, desk: n.topic.deskName, role: t(`hotline.roles.${n.topic.role ?? 'primary'}`) })
        : t('bell.alertExhausted', { severity, desk: n.topic.deskName });
    return n.topic.exercise ? `${t('hotline.alarm.exerciseWord')}: ${text}` : text;
  };
}

/**
 * The notification centre in the header: a bell with how many things wait for the signed-in
 * person — alerts awaiting their answer (until their desk answers) and unread notifications —
 * and a panel listing them. Separate from saved searches, which keep their own page.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const awaiting = useAwaitingAnswer();
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const text = useNotificationText();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const waiting = awaiting.data?.items ?? [];
  const waitingKeys = new Set(waiting.map((w) => `${w.alertId}/${w.deskId}`));
  const items = notifications.data?.items ?? [];
  // An unread step of an alert that awaits an answer is that same alert: counted once.
  const unread = items.filter((n) => !n.read && !(n.kind === 'alert' && n.topic && waitingKeys.has(`${n.alertId}/${n.topic.deskId}`)));
  const count = waiting.length + unread.length;

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="bell" ref={root}>
      <button
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('bell.label', { n: count })}
        data-testid="bell"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">🔔</span>
        {count > 0 && (
          <span className="badge bell-count" data-testid="bell-count">
            {count}
          </span>
        )}
      </button>
      {open && (
        <div id={panelId} className="bell-panel" role="region" aria-label={t('bell.title')}>
          <h2>{t('bell.awaiting')}</h2>
          {waiting.length === 0 ? (
            <p className="muted">{t('bell.nothingAwaiting')}</p>
          ) : (
            <ul data-testid="bell-awaiting">
              {waiting.map((w) => (
                <li key={`${w.alertId}/${w.deskId}`} className={`bell-item severity-${w.severity}`}>
                  <AppLink to={`/alerts/${w.alertId}`}>
                    {w.exercise && `${t('hotline.alarm.exerciseWord')}: `}
                    {t(`hotline.severities.${w.severity}`)}: {w.summary}
                  </AppLink>
                  <div className="muted">
                    {t('bell.forDesk', { desk: w.deskName, status: t(`hotline.status.${w.status}`) })} · <Moment at={w.raisedAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          <h2>{t('bell.notifications')}</h2>
          {items.length === 0 ? (
            <p className="muted">{t('bell.noNotifications')}</p>
          ) : (
            <ul data-testid="bell-notifications">
              {items.slice(0, 20).map((n) => (
                <li key={n.id} className={n.read ? 'bell-item read' : 'bell-item'}>
                  <AppLink
                    to={
                      n.kind === 'alert'
                        ? `/alerts/${n.alertId}`
                        : n.kind === 'release'
                          ? '/release'
                          : n.kind === 'commitment'
                            ? `/commitments/${n.commitmentId}`
                            : '/saved'
                    }
                    onClick={() => {
                      if (!n.read) markRead.mutate(n.id);
                      setOpen(false);
                    }}
                  >
                    {text(n)}
                  </AppLink>
                  <div className="muted">
                    <Moment at={n.createdAt} />
                    {!n.read && ` · ${t('bell.unread')}`}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {unread.length > 0 && (
            <button type="button" onClick={() => markRead.mutate(undefined)} disabled={markRead.isPending}>
              {t('bell.markAllRead')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
