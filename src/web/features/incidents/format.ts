import type { CasualtyCount } from '../../../shared/contracts/incidents';
import type { TFunction } from 'i18next';

// Moments are written the same way everywhere (web app, mail, reports): the shared module owns it.
export { formatLocal, formatLocalDate, formatUtc, formatUtcDate } from '../../../shared/time/format-moment';

/** "unknown" stays unknown: it is never shown as zero. */
export function formatCount(count: CasualtyCount, t: TFunction): string {
  if (count.kind === 'unknown') return t('incidents.unknown');
  if (count.kind === 'range') return `${count.min}–${count.max}`;
  return String(count.value);
}

/** A code as words, for codes no vocabulary names (translate known ones with `vocab` from i18n). */
export function humanise(code: string): string {
  return code.replace(/-/g, ' ');
}
