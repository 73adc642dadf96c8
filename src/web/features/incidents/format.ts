import type { CasualtyCount } from '../../../shared/contracts/incidents';
import type { TFunction } from 'i18next';

/** "unknown" stays unknown: it is never shown as zero. */
export function formatCount(count: CasualtyCount, t: TFunction): string {
  if (count.kind === 'unknown') return t('incidents.unknown');
  if (count.kind === 'range') return `${count.min}–${count.max}`;
  return String(count.value);
}

export function humanise(code: string): string {
  return code.replace(/-/g, ' ');
}

/** `2026-11-20 03:00 UTC`: the same in every language, never a day/month puzzle. */
export function formatUtc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The same moment in the reader's own time zone, with the month as a word and the zone named. */
export function formatLocal(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}
