/**
 * The list's filters for the map and the timeline, kept in the address: applying them navigates
 * (so Back restores the previous ones) and the page reads them back from the address.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVocabulary } from '../../api/incidents';
import { navigate } from '../../app/router';
import { CLASSIFICATION_LEVELS, TLP_LEVELS } from '../../../shared/vocab/levels';
import { DateTimeInput } from '../../components/DateTimeInput';
import { vocab } from '../../i18n/vocab';
import { searchOf } from './picture-filters';
import type { PictureFilters } from './picture-filters';

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

export function PictureFilterBar({ path, filters }: { path: string; filters: PictureFilters }) {
  const { t } = useTranslation();
  const vocabulary = useVocabulary();
  const [draft, setDraft] = useState<PictureFilters>(() => ({ ...filters, from: day(filters.from), to: day(filters.to) }));
  const set = (key: string) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  return (
    <form
      className="filters picture-filters"
      role="search"
      aria-label={t('picture.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(
          path +
            searchOf({
              ...filters,
              domain: draft.domain ?? '',
              q: draft.q?.trim() ?? '',
              country: draft.country?.trim().toUpperCase() ?? '',
              nation: draft.nation?.trim().toUpperCase() ?? '',
              classification: draft.classification ?? '',
              tlp: draft.tlp ?? '',
              from: draft.from ? `${draft.from}T00:00:00.000Z` : '',
              to: draft.to ? `${draft.to}T00:00:00.000Z` : '',
            }),
        );
      }}
    >
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
        {t('picture.nation')}
        <input name="nation" maxLength={3} size={4} dir="ltr" value={draft.nation ?? ''} onChange={set('nation')} />
      </label>
      <DateTimeInput
        name="from"
        mode="date"
        label={t('picture.fromUtc')}
        value={draft.from ?? ''}
        onChange={(from) => setDraft({ ...draft, from })}
      />
      <DateTimeInput
        name="to"
        mode="date"
        label={t('picture.toUtc')}
        value={draft.to ?? ''}
        onChange={(to) => setDraft({ ...draft, to })}
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
      <div className="row">
        <button type="submit">{t('incidents.apply')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft({});
            navigate(path);
          }}
        >
          {t('picture.clear')}
        </button>
      </div>
    </form>
  );
}
