/**
 * Whether a record named inside another — a commitment's source, a report's evidence, minutes
 * copied into the statement that adopts them — reaches every reader of the record that names it.
 * A reference travels with its holder (to partner nodes, to TAXII readers, into the holder's text),
 * so it may name only what every reader of the holder may read: a classification no higher, no
 * caveat beyond the holder's, every nation the holder reaches, and TLP:CLEAR or GREEN (or the
 * holder's own TLP gate, with no one the reference does not name). Conservative: it may refuse
 * a reference some readers could follow; it never lets one through that a reader could not.
 */
import { releasedNations } from '../../../shared/labels/field-labels';
import { classificationRank } from '../../../shared/vocab/levels';
import type { Label } from '../../../shared/labels/label';

export function reachesEveryReaderOf(reference: Label, holder: Label, membership: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  if (reference.state !== 'active') return false;
  if (classificationRank(reference.classification) > classificationRank(holder.classification)) return false;
  if (reference.caveats.some((c) => !holder.caveats.includes(c))) return false;
  const reached = releasedNations(reference, membership);
  for (const nation of releasedNations(holder, membership)) if (!reached.has(nation)) return false;
  const open = (label: Label) =>
    (label.tlp === 'CLEAR' || label.tlp === 'GREEN') && label.recipients.orgs.length === 0 && label.recipients.users.length === 0;
  if (open(reference)) return true;
  return (
    reference.tlp === holder.tlp &&
    holder.recipients.orgs.every((o) => reference.recipients.orgs.includes(o)) &&
    holder.recipients.users.every((u) => reference.recipients.users.includes(u)) &&
    reference.originator.org === holder.originator.org
  );
}
