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
