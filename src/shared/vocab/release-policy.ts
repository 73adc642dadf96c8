import type { Label } from '../labels/label';
import type { Tlp } from './levels';

/**
 * When a release needs a second releasing officer: any release beyond the originator's nation,
 * and/or releases at given TLP levels. Configured per node (CONCORD_SECOND_APPROVER).
 */
export interface SecondApproverRule {
  beyondOriginatorNation: boolean;
  tlps: Tlp[];
}

export const NO_SECOND_APPROVER: SecondApproverRule = { beyondOriginatorNation: false, tlps: [] };

export function parseSecondApproverRule(text: string): SecondApproverRule {
  if (text === 'none' || text.trim() === '') return NO_SECOND_APPROVER;
  const parts = text.split(',').map((p) => p.trim());
  return { beyondOriginatorNation: parts.includes('beyond-nation'), tlps: parts.filter((p) => p !== 'beyond-nation') as Tlp[] };
}

export function needsSecondApprover(rule: SecondApproverRule, label: Pick<Label, 'originator' | 'relTo' | 'tlp'>): boolean {
  const beyond = label.relTo.some((entry) => entry !== label.originator.nation);
  return (rule.beyondOriginatorNation && beyond) || rule.tlps.includes(label.tlp);
}
