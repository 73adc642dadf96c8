/** Keyboard shortcuts: single keys and `g` followed by a letter, never while the person types in a field. */

export type ShortcutAction = 'search' | 'new-incident' | 'incidents' | 'map' | 'alerts' | 'crises' | 'help';

/** Every shortcut, in the order the help lists them; `label` is the i18n key of what it does. */
export const SHORTCUTS: readonly { keys: readonly string[]; action: ShortcutAction; label: string }[] = [
  { keys: ['/'], action: 'search', label: 'shell.shortcuts.search' },
  { keys: ['n'], action: 'new-incident', label: 'shell.shortcuts.newIncident' },
  { keys: ['g', 'i'], action: 'incidents', label: 'shell.shortcuts.incidents' },
  { keys: ['g', 'm'], action: 'map', label: 'shell.shortcuts.map' },
  { keys: ['g', 'a'], action: 'alerts', label: 'shell.shortcuts.alerts' },
  { keys: ['g', 'c'], action: 'crises', label: 'shell.shortcuts.crises' },
  { keys: ['?'], action: 'help', label: 'shell.shortcuts.help' },
];

/**
 * The next state of the key sequence: `pending` is the key pressed before (`g`) or null. A key
 * that completes a shortcut yields its action; a `g` waits for the next key; anything else starts over.
 */
export function nextKey(pending: string | null, key: string): { action: ShortcutAction | null; pending: string | null } {
  const sequence = pending === null ? [key] : [pending, key];
  const match = SHORTCUTS.find((s) => s.keys.length === sequence.length && s.keys.every((k, i) => k === sequence[i]));
  if (match) return { action: match.action, pending: null };
  if (SHORTCUTS.some((s) => s.keys.length === 2 && s.keys[0] === key)) return { action: null, pending: key };
  return { action: null, pending: null };
}

/** Whether a key pressed with `target` focused is typing (fields, editable text), not a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
