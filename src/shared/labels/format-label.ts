import { isNationCode } from '../vocab/communities';
import type { Label } from './label';

/**
 * Canonical display form, like the REL TO convention:
 * `CONFIDENTIAL//REL TO PAK, KAZ, UZB//CT TLP:AMBER` — originator first, then other nations
 * alphabetically, then communities; caveats after a second `//`.
 */
export function formatMarking(label: Pick<Label, 'originator' | 'classification' | 'relTo' | 'caveats' | 'tlp'>): string {
  const others = label.relTo.filter((entry) => entry !== label.originator.nation);
  const nations = others.filter(isNationCode).sort();
  const communities = others.filter((entry) => !isNationCode(entry)).sort();
  const audience = [label.originator.nation, ...nations, ...communities].join(', ');
  const caveats = label.caveats.length > 0 ? `//${[...label.caveats].sort().join('/')}` : '';
  return `${label.classification}//REL TO ${audience}${caveats} TLP:${label.tlp}`;
}

/** Two markings name the same label when their parts are equal as sets. */
export function sameMarking(a: Label, b: Label): boolean {
  const set = (values: string[]) => [...new Set(values)].sort().join(',');
  return (
    a.originator.nation === b.originator.nation &&
    a.classification === b.classification &&
    a.tlp === b.tlp &&
    set(a.relTo) === set(b.relTo) &&
    set(a.caveats) === set(b.caveats)
  );
}
