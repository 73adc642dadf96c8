import { formatMarking } from '../../../shared/labels/format-label';
import type { Label } from '../../../shared/labels/label';

export function presentLabel(label: Label) {
  return { ...label, marking: formatMarking(label) };
}
