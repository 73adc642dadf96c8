/** A presented label as the label picker edits it, and the marking an edited one will carry. */
import { formatMarking } from '../../../shared/labels/format-label';
import type { LabelInput } from '../../../shared/labels/label';

interface PresentedLabel extends LabelInput {
  originator: { nation: string; org: string };
}

/** The originator's nation is always in relTo; the picker adds it itself. */
export function labelInputOf(label: PresentedLabel): LabelInput {
  const { classification, relTo, caveats, tlp, recipients, originator } = label;
  return { classification, relTo: relTo.filter((r) => r !== originator.nation), caveats, tlp, recipients };
}

export const markingWith = (presented: PresentedLabel, label: LabelInput) =>
  formatMarking({ ...label, originator: presented.originator, relTo: [presented.originator.nation, ...label.relTo] });
