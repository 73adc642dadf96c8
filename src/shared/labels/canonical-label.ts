/**
 * The one form of a label, whatever order its parts arrived in: the originator's nation first in
 * `relTo`, then the other nations and communities; every list without repeats and in code-point
 * order. Labels are written in this form on every path (the label columns) and Concord's marking
 * definition id is derived from it, so the same label has one id on every node and after any round trip.
 */
import type { Label } from './label';

const sortedSet = (values: readonly string[]) => [...new Set(values)].sort();

export function canonicalLabel(label: Label): Label {
  const origin = label.originator.nation;
  return {
    ...label,
    relTo: [origin, ...sortedSet(label.relTo.filter((entry) => entry !== origin))],
    caveats: sortedSet(label.caveats),
    recipients: { orgs: sortedSet(label.recipients.orgs), users: sortedSet(label.recipients.users) },
  };
}
