import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { isTyping, nextKey, SHORTCUTS } from './shortcut-keys';
import type { ShortcutAction } from './shortcut-keys';

const ROUTES: Partial<Record<ShortcutAction, string>> = { incidents: '/incidents', map: '/map', alerts: '/alerts', crises: '/crises' };
const SEARCH = 'main input[name=q]';

/** Focuses the incident list's search, going to the list first when another screen is shown. */
function focusSearch() {
  const onList = window.location.pathname === '/' || window.location.pathname === '/incidents';
  if (!onList) navigate('/incidents');
  let frames = 0;
  const attempt = () => {
    const field = document.querySelector<HTMLInputElement>(SEARCH);
    if (field) field.focus();
    else if (++frames < 120) requestAnimationFrame(attempt);
  };
  attempt();
}

/** Tab and Shift+Tab go round the dialog's controls rather than out of the page. */
function keepFocusIn(event: ReactKeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const controls = [
    ...event.currentTarget.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'),
  ];
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

/**
 * The keyboard shortcuts of every signed-in screen (see shortcut-keys.ts), and their help: `?` opens a
 * modal dialog (focus stays inside; Escape closes it and focus returns where it was).
 */
export function Shortcuts({ canCreateIncident }: { canCreateIncident: boolean }) {
  const { t } = useTranslation();
  const help = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let pending: string | null = null;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
      // Another dialog (signing in again, a confirmation) has the keyboard.
      if (document.querySelector('dialog[open]')) return;
      const next = nextKey(pending, event.key);
      pending = next.pending;
      const action = next.action;
      if (!action) return;
      if (action === 'new-incident' && !canCreateIncident) return;
      event.preventDefault();
      if (action === 'help') setOpen(true);
      else if (action === 'search') focusSearch();
      else if (action === 'new-incident') navigate('/incidents/new');
      else navigate(ROUTES[action] ?? '/incidents');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [canCreateIncident]);
  useEffect(() => {
    const dialog = help.current;
    if (open && dialog && !dialog.open) dialog.showModal();
  }, [open]);
  const shown = SHORTCUTS.filter((s) => s.action !== 'new-incident' || canCreateIncident);
  return (
    <dialog
      ref={help}
      className="shortcut-help"
      aria-labelledby="shortcut-help-title"
      onClose={() => setOpen(false)}
      onKeyDown={keepFocusIn}
    >
      {open && (
        <>
          <h2 id="shortcut-help-title">{t('shell.shortcuts.title')}</h2>
          <dl>
            {shown.map((s) => (
              <div key={s.action}>
                <dt>
                  {s.keys.map((k, i) => (
                    <span key={i}>
                      {i > 0 && ` ${t('shell.shortcuts.then')} `}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{t(s.label)}</dd>
              </div>
            ))}
          </dl>
          <p className="hint">{t('shell.shortcuts.notInFields')}</p>
          <form method="dialog">
            <button type="submit">{t('shell.shortcuts.close')}</button>
          </form>
        </>
      )}
    </dialog>
  );
}
