/** Classification levels of the federation policy, lowest first. The order is the policy. */
export const CLASSIFICATION_LEVELS = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'] as const;
export type Classification = (typeof CLASSIFICATION_LEVELS)[number];

export function classificationRank(level: Classification): number {
  return CLASSIFICATION_LEVELS.indexOf(level);
}

export function isClassification(value: string): value is Classification {
  return (CLASSIFICATION_LEVELS as readonly string[]).includes(value);
}

/** FIRST TLP 2.0, least restrictive first. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

export function tlpRank(tlp: Tlp): number {
  return TLP_LEVELS.indexOf(tlp);
}

export const RECORD_STATES = ['active', 'recalled'] as const;
export type RecordState = (typeof RECORD_STATES)[number];
