import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../api/incidents';

/** Versions the reader may read, with the fields each changed and the marking it carried. */
export function HistoryTable({ items, testId }: { items: HistoryEntry[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('incidents.version')}</th>
          <th scope="col">{t('incidents.change')}</th>
          <th scope="col">{t('incidents.when')}</th>
          <th scope="col">{t('incidents.changedFields')}</th>
          <th scope="col">{t('incidents.marking')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((v) => (
          <tr key={v.version}>
            <td>{v.version}</td>
            <td>{t(`incidents.changes.${v.change}`, { defaultValue: v.change })}</td>
            <td>{new Date(v.changedAt).toLocaleString(i18n.language)}</td>
            <td>{v.changedFields.join(', ')}</td>
            <td>{v.marking}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
