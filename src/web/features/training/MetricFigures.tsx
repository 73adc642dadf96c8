/** A metrics row's figures as table cells, and their column heads: the metrics page's table and the exercise page's share them. */
import { useTranslation } from 'react-i18next';
import { formatMinutes } from './metric-series';
import type { MetricRowView } from '../../../shared/contracts/exercise-metrics';

/** A row's figures, in the columns a table shows (count, median, mean, slowest minutes). */
export type Figure = 'count' | 'median' | 'mean' | 'slowest';
export const ALL_FIGURES: readonly Figure[] = ['count', 'median', 'mean', 'slowest'];

/** The column heads of `figures`. */
export function FigureHeads({ figures }: { figures: readonly Figure[] }) {
  const { t } = useTranslation();
  return figures.map((f) => (
    <th key={f} scope="col" className="number">
      {t(`training.metrics.${f}`)}
    </th>
  ));
}

/** A row's `figures`, written as the reader's language writes numbers. */
export function FigureCells({ row, figures }: { row: MetricRowView; figures: readonly Figure[] }) {
  const { i18n } = useTranslation();
  const value: Record<Figure, string> = {
    count: row.count.toLocaleString(i18n.language),
    median: formatMinutes(row.medianMinutes, i18n.language),
    mean: formatMinutes(row.meanMinutes, i18n.language),
    slowest: formatMinutes(row.slowestMinutes, i18n.language),
  };
  return figures.map((f) => (
    <td key={f} className="number">
      {value[f]}
    </td>
  ));
}
