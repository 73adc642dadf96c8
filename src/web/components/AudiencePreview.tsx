import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useAudiencePreview } from '../api/incidents';
import type { LabelInput } from '../../shared/labels/label';

/** Who will be able to read a record with this label — before it is saved. */
export function AudiencePreview({ label, name }: { label: LabelInput; name: string }) {
  const { t } = useTranslation();
  const preview = useAudiencePreview(label);
  if (preview.error) {
    const issues = preview.error instanceof ApiError ? preview.error.issues.map((i) => i.message).join(' ') : '';
    return (
      <p className="hint" role="status">
        {issues || t('form.previewUnavailable')}
      </p>
    );
  }
  if (!preview.data) return null;
  const { users, nations, organisations } = preview.data;
  // The own nation is counted; other nations are only named (their clearances are theirs to know).
  const own = nations.find((n) => n.users !== undefined);
  const others = nations.filter((n) => n.users === undefined).map((n) => n.code);
  return (
    <p className="audience" role="status" data-testid={`audience-${name}`}>
      {t('form.audience', { count: users, nation: own?.code ?? '' })}
      {others.length > 0 ? ` ${t('form.audienceOthers', { nations: others.join(', ') })}` : ''}
      {organisations.length > 0 ? ` — ${t('form.audienceOrgs', { count: organisations.length })}` : ''}
    </p>
  );
}
