/**
 * The list's filters for the map and the timeline, kept in the address: applying them navigates
 * (so Back restores the previous ones) and the page reads them back from the address.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router';
import { IncidentFilterFields } from './IncidentFilterFields';
import { searchOf } from './picture-filters';
import type { PictureFilters } from './picture-filters';

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

export function PictureFilterBar({ path, filters }: { path: string; filters: PictureFilters }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<PictureFilters>(() => ({ ...filters, from: day(filters.from), to: day(filters.to) }));
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
      <IncidentFilterFields draft={draft} onChange={setDraft} />
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
