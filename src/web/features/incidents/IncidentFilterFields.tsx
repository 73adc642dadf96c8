/**
 * The incident filters' fields — text, domain, country, originating nation, the UTC date range,
 * classification and TLP — shared by the list, the map and the timeline, so a filter has the same
 * name and words on every screen. The form around them decides when they apply.
 */
import { useTranslation } from 'react-i18next';
import { useVocabulary } from '../../api/incidents';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../../../shared/vocab/levels';
import { DateTimeInput } from '../../components/DateTimeInput';
import { vocab } from '../../i18n/vocab';

/** The fields' values as typed; dates as `YYYY-MM-DD` (UTC). */
export interface FilterDraft {
  q?: string;
  domain?: string;
  country?: string;
  nation?: string;
  from?: string;
  to?: string;
  classification?: string;
  tlp?: string;
}

export function IncidentFilterFields<D extends FilterDraft>({ draft, onChange }: { draft: D; onChange: (draft: D) => void }) {
  const { t } = useTranslation();
  const vocabulary = useVocabulary();
  const set = (key: keyof FilterDraft) => (event: { target: { value: string } }) => onChange({ ...draft, [key]: event.target.value });
  return (
    <>
      <label>
        {t('incidents.search')}
        <input name="q" type="search" value={draft.q ?? ''} onChange={set('q')} />
      </label>
      <label>
        {t('incidents.domain')}
        <select name="domain" value={draft.domain ?? ''} onChange={set('domain')}>
          <option value="">{t('incidents.any')}</option>
          {Object.keys(vocabulary.data?.incidentDomains ?? {}).map((d) => (
            <option key={d} value={d}>
              {vocab(t, 'domains', d)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('incidents.country')}
        <input name="country" maxLength={3} size={4} dir="ltr" value={draft.country ?? ''} onChange={set('country')} />
      </label>
      <label>
        {t('incidentList.nation')}
        <input name="nation" maxLength={3} size={4} dir="ltr" value={draft.nation ?? ''} onChange={set('nation')} />
      </label>
      <DateTimeInput
        name="from"
        mode="date"
        label={t('picture.fromUtc')}
        value={draft.from ?? ''}
        onChange={(from) => onChange({ ...draft, from })}
      />
      <DateTimeInput
        name="to"
        mode="date"
        label={t('picture.toUtc')}
        value={draft.to ?? ''}
        onChange={(to) => onChange({ ...draft, to })}
      />
      <label>
        {t('incidents.classification')}
        <select name="classification" value={draft.classification ?? ''} onChange={set('classification')}>
          <option value="">{t('incidents.any')}</option>
          {CLASSIFICATION_LEVELS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        TLP
        <select name="tlp" value={draft.tlp ?? ''} onChange={set('tlp')}>
          <option value="">{t('incidents.any')}</option>
          {TLP_LEVELS.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
