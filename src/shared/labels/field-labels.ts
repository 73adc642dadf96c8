import { classificationRank, tlpRank } from '../vocab/levels';
import { canRead } from './read-rule';
import type { Label, Reader } from './label';

/**
 * A field group (sources, casualty details, contacts) may carry a stricter label than its record.
 * Its label inherits the record's originator, state and version.
 */
export function fieldLabelOf(record: Label, field: Omit<Label, 'originator' | 'state' | 'version'>): Label {
  return { ...field, originator: record.originator, state: record.state, version: record.version };
}

/**
 * The reader sees a field group only if the rule passes for the record's label AND the field's
 * label: that conjunction is what "the dominant of the two" means for reading.
 */
export function canReadField(reader: Reader, record: Label, field: Label): boolean {
  return canRead(reader, record) && canRead(reader, field);
}

/**
 * The dominant label for display: highest classification, intersection of relTo (communities
 * expanded with the given membership), union of caveats, strictest TLP.
 */
export function dominantLabel(a: Label, b: Label, membership: ReadonlyMap<string, ReadonlySet<string>>): Label {
  const bNations = releasedNations(b, membership);
  const relTo = [...releasedNations(a, membership)].filter((n) => bNations.has(n));
  const strictest = tlpRank(a.tlp) >= tlpRank(b.tlp) ? a : b;
  return {
    originator: a.originator,
    classification: classificationRank(a.classification) >= classificationRank(b.classification) ? a.classification : b.classification,
    relTo: [a.originator.nation, ...relTo.filter((n) => n !== a.originator.nation).sort()],
    caveats: [...new Set([...a.caveats, ...b.caveats])].sort(),
    tlp: strictest.tlp,
    recipients: strictest.recipients,
    state: a.state === 'recalled' || b.state === 'recalled' ? 'recalled' : 'active',
    version: Math.max(a.version, b.version),
  };
}

/** The nations a label releases to: its originator's and relTo's, communities expanded with the given membership. */
export function releasedNations(
  label: Pick<Label, 'originator' | 'relTo'>,
  membership: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const nations = new Set<string>([label.originator.nation]);
  for (const entry of label.relTo) {
    const members = membership.get(entry);
    if (members) members.forEach((n) => nations.add(n));
    else nations.add(entry);
  }
  return nations;
}
