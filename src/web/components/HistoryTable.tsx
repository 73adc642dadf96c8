import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatLocal, formatUtc } from '../features/incidents/format';
import { fieldChanges } from './version-diff';
import { VersionDiff, fieldName } from './VersionDiff';
import type { HistoryEntry } from '../api/incidents';

/**
 * Versions the reader may read: who changed what and when, the marking each carried, and what
 * changed against the previous readable version (only fields the server gave this reader).
 */
export function HistoryTable({ items, testId }: { items: HistoryEntry[]; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <table data-testid={testId} className="history-table">
      <thead>
        <tr>
          <th scope="col">{t('incidents.version')}</th>
          <th scope="col">{t('incidents.change')}</th>
          <th scope="col">{t('versions.by')}</th>
          <th scope="col">{t('incidents.when')}</th>
          <th scope="col">{t('incidents.changedFields')}</th>
          <th scope="col">{t('incidents.marking')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((v, index) => {
          const previous = index > 0 ? items[index - 1] : undefined;
          const changes = previous ? fieldChanges(previous.content, v.content) : [];
          const shown = new Set(changes.map((c) => c.field.split('.')[0]));
          const unshown = v.changedFields.filter((f) => !shown.has(f));
          return (
            <Fragment key={v.version}>
              <tr data-version={v.version}>
                <td>{v.version}</td>
                <td>{t(`incidents.changes.${v.change}`, { defaultValue: v.change })}</td>
                <td data-testid="changed-by">{v.changedByName}</td>
                <td>
                  <time dateTime={v.changedAt}>{formatUtc(v.changedAt)}</time>
                  <br />
                  <small>{formatLocal(v.changedAt, i18n.language)}</small>
                </td>
                <td>{v.changedFields.map((f) => fieldName(f, t)).join(', ')}</td>
                <td>{v.marking}</td>
              </tr>
              {previous && (changes.length > 0 || unshown.length > 0) && (
                <tr className="diff-row" data-diff-of={v.version}>
                  <td colSpan={6}>
                    <details>
                      <summary>{t('versions.showChanges', { version: v.version, previous: previous.version })}</summary>
                      <VersionDiff changes={changes} unshown={unshown} testId={`diff-${v.version}`} />
                    </details>
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
