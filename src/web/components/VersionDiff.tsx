import { useTranslation } from 'react-i18next';
import { formatCount, formatUtc } from '../features/incidents/format';
import type { TFunction } from 'i18next';
import type { CasualtyCount } from '../../shared/contracts/incidents';
import type { FieldChange, WordPart } from './version-diff';

export const fieldName = (field: string, t: TFunction) => t(`versions.fields.${field.replace(/\./g, '-')}`, { defaultValue: field });

function formatValue(field: string, value: unknown, t: TFunction): string {
  if (value === null || value === undefined) return t('versions.none');
  if (typeof value === 'object' && !Array.isArray(value) && 'kind' in value) return formatCount(value as CasualtyCount, t);
  if (field === 'occurredAt' && typeof value === 'string') return formatUtc(value);
  if (field === 'timePrecision') return t(`incidents.precision.${String(value)}`, { defaultValue: String(value) });
  if (Array.isArray(value)) return value.map(String).join(', ');
  return String(value as string | number | boolean);
}

/**
 * What changed, field by field: words removed struck through and words added underlined (not by
 * colour alone). `unshown` names changed fields whose values are not the reader's to see here.
 */
export function VersionDiff({ changes, unshown = [], testId }: { changes: FieldChange[]; unshown?: string[]; testId?: string }) {
  const { t, i18n } = useTranslation();
  if (changes.length === 0 && unshown.length === 0) return <p className="muted">{t('versions.noVisibleChange')}</p>;
  return (
    <dl className="version-diff" data-testid={testId}>
      {changes.map((change) => (
        <div key={change.field} data-field={change.field}>
          <dt>{fieldName(change.field, t)}</dt>
          {change.kind === 'words' ? (
            <dd className="words" dir="auto">
              <WordParts parts={change.parts} />
            </dd>
          ) : (
            <dd>
              <del>
                <bdi>{formatValue(change.field, change.before, t)}</bdi>
              </del>{' '}
              {/* Before and after read in the direction of the language. */}
              {i18n.dir() === 'rtl' ? '←' : '→'}{' '}
              <ins>
                <bdi>{formatValue(change.field, change.after, t)}</bdi>
              </ins>
            </dd>
          )}
        </div>
      ))}
      {unshown.map((field) => (
        <div key={field} data-field={field}>
          <dt>{fieldName(field, t)}</dt>
          <dd className="muted">{t('versions.changedNotShown')}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Words removed struck through, words added underlined, each named for screen readers. */
export function WordParts({ parts }: { parts: WordPart[] }) {
  const { t } = useTranslation();
  return (
    <>
      {parts.map((part, index) =>
        part.added ? (
          <ins key={index} aria-label={t('versions.added', { text: part.text })}>
            {part.text}
          </ins>
        ) : part.removed ? (
          <del key={index} aria-label={t('versions.removed', { text: part.text })}>
            {part.text}
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
