/** The "Open in graph" link that record pages carry (kept tiny: the graph itself loads on demand). */
import { useTranslation } from 'react-i18next';
import { AppLink } from '../../components/AppLink';
import type { GraphKind } from '../../../shared/contracts/graph';

export function GraphLink({ kind, id }: { kind: GraphKind; id: string }) {
  const { t } = useTranslation();
  return (
    <p className="graph-open">
      <AppLink to={`/graph?kind=${kind}&id=${encodeURIComponent(id)}`}>{t('graph.open')}</AppLink>
    </p>
  );
}
