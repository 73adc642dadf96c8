import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { SESSION_KEY, markSessionEnded, useSessionEnded, useSignInAgain, useStaySignedIn } from '../../api/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SignInFields } from './SignInFields';
import type { ReactNode } from 'react';
import type { KnownSession } from '../../api/session';

const MINUTE = 60_000;

/** How long before its end a session warns: five minutes, or half the idle limit when that is shorter. */
const warnBeforeMs = (session: KnownSession) =>
  Math.min(5 * MINUTE, session.session.idleMinutes === null ? Infinity : (session.session.idleMinutes * MINUTE) / 2);

/** Milliseconds left of the session at the browser's `now`, on the server's clock. */
const msLeft = (session: KnownSession, now = Date.now()) => Date.parse(session.session.expiresAt) - (now + session.clockOffsetMs);

/**
 * A modal dialog (the native one: focus moves into it, the page behind is inert) that Escape does
 * not close — the person closes it with one of its buttons, or it closes when what it says is over.
 */
function ModalDialog({ open, label, testId, children }: { open: boolean; label: string; testId: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="session-dialog"
      aria-labelledby={`${testId}-title`}
      data-testid={testId}
      onCancel={(event) => event.preventDefault()}
    >
      {open && (
        <>
          <h2 id={`${testId}-title`}>{label}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

/**
 * Keeps the person told where their session stands: a warning before it ends (with "Stay signed
 * in" while it can be extended), a banner and a sign-in dialog once it has ended, and the session
 * extended by itself while the person is at work. The page under it stays mounted throughout.
 */
export function SessionWatch({ session }: { session: KnownSession }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const ended = useSessionEnded();
  const stay = useStaySignedIn();
  const { mutate: extend } = stay;
  const lastExtended = useRef(0);
  const [now, setNow] = useState(() => Date.now());
  const [signingIn, setSigningIn] = useState(false);
  const [dialogClosed, setDialogClosed] = useState(false);

  const left = msLeft(session, now);
  const extendable = session.session.expiresAt < session.session.endsAt;
  const warning = !ended && left <= warnBeforeMs(session);

  // Tick: every ten seconds while warning (the minutes shown), otherwise at the next moment that matters.
  useEffect(() => {
    if (ended) return;
    const until = msLeft(session);
    // At most a minute: a long wait would overflow setTimeout, and a computer that slept wakes late.
    const next =
      until <= warnBeforeMs(session) ? Math.min(10_000, Math.max(until, 0) + 500) : Math.min(MINUTE, until - warnBeforeMs(session) + 100);
    const timer = setTimeout(() => {
      setNow(Date.now());
      // At its end, ask the server: another tab may have extended it; if not, the 401 ends it here.
      if (msLeft(session) <= 0) void client.invalidateQueries({ queryKey: SESSION_KEY });
    }, next);
    return () => clearTimeout(timer);
  }, [session, ended, now, client]);

  // The person at work (typing, clicking) stays signed in: the session is extended once half its idle window has passed.
  useEffect(() => {
    const idleMinutes = session.session.idleMinutes;
    if (ended || idleMinutes === null || !extendable) return;
    const onActivity = (event: Event) => {
      // The dialogs' own buttons say what they do.
      if (event.target instanceof Element && event.target.closest('.session-dialog')) return;
      if (Date.now() - lastExtended.current < MINUTE || msLeft(session) > (idleMinutes * MINUTE) / 2) return;
      lastExtended.current = Date.now();
      extend();
    };
    const events = ['keydown', 'pointerdown', 'input'] as const;
    for (const name of events) document.addEventListener(name, onActivity, { capture: true, passive: true });
    return () => {
      for (const name of events) document.removeEventListener(name, onActivity, { capture: true });
    };
  }, [session, ended, extendable, extend]);

  // Reached its end with nothing heard from the server yet: the page must not look alive meanwhile.
  useEffect(() => {
    if (!ended && left <= -5_000) markSessionEnded();
  }, [ended, left]);

  useEffect(() => {
    if (!ended) {
      setSigningIn(false);
      setDialogClosed(false);
    }
  }, [ended]);

  const minutes = Math.max(1, Math.ceil(left / MINUTE));
  const signInDialogOpen = (ended && !dialogClosed) || signingIn;
  return (
    <>
      {ended && (
        <div className="session-ended" role="alert" data-testid="session-ended">
          <p>{t('session.ended.banner')}</p>
          <button type="button" onClick={() => setDialogClosed(false)}>
            {t('session.signInAgain')}
          </button>
        </div>
      )}
      <ModalDialog open={warning && !signingIn} label={t('session.warning.title', { count: minutes })} testId="session-warning">
        {extendable ? (
          <>
            <p>{t('session.warning.extendable')}</p>
            {stay.error && <ErrorMessage error={stay.error} />}
            <button type="button" autoFocus disabled={stay.isPending} onClick={() => stay.mutate()}>
              {t('session.warning.stay')}
            </button>
          </>
        ) : (
          <>
            <p>{t('session.warning.final')}</p>
            <button type="button" autoFocus onClick={() => setSigningIn(true)}>
              {t('session.signInAgain')}
            </button>
          </>
        )}
      </ModalDialog>
      <ModalDialog open={signInDialogOpen} label={ended ? t('session.ended.title') : t('session.signInAgain')} testId="session-sign-in">
        <SignInAgain
          session={session}
          onDone={() => setSigningIn(false)}
          onLater={() => (ended ? setDialogClosed(true) : setSigningIn(false))}
          ended={ended}
        />
      </ModalDialog>
    </>
  );
}

function SignInAgain({
  session,
  ended,
  onDone,
  onLater,
}: {
  session: KnownSession;
  ended: boolean;
  onDone: () => void;
  onLater: () => void;
}) {
  const { t } = useTranslation();
  const signIn = useSignInAgain(session.user.id);
  useEffect(() => {
    if (signIn.isSuccess) onDone();
  }, [signIn.isSuccess, onDone]);
  return (
    <SignInFields
      signIn={signIn}
      initialUsername={session.user.username}
      heading={
        <>
          {ended && <p>{t('session.ended.explain')}</p>}
          <p className="hint">{t('session.otherPerson')}</p>
        </>
      }
      footer={
        <button type="button" className="secondary" onClick={onLater}>
          {t('session.later')}
        </button>
      }
    />
  );
}
