/**
 * The marking banner: the canonical marking of the most restrictive record on screen, coloured by
 * classification, as text (never colour alone).
 */
import { CLASSIFICATION_LEVELS } from '../../shared/vocab/levels';
import type { Classification } from '../../shared/vocab/levels';

export interface MarkingBannerProps {
  markings: { classification: Classification; marking: string }[];
}

export function mostRestrictive<T extends { classification: Classification }>(markings: T[]): T | null {
  let best: T | null = null;
  for (const m of markings) {
    if (!best || CLASSIFICATION_LEVELS.indexOf(m.classification) > CLASSIFICATION_LEVELS.indexOf(best.classification)) best = m;
  }
  return best;
}

export function MarkingBanner({ markings }: MarkingBannerProps) {
  const top = mostRestrictive(markings);
  if (!top) return null;
  return (
    <div
      className={`marking-banner marking-${top.classification.toLowerCase()}`}
      role="note"
      aria-label="marking"
      data-testid="marking-banner"
    >
      {top.marking}
    </div>
  );
}
