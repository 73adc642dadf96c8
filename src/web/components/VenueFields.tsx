import { useTranslation } from 'react-i18next';
import { REGION_TIME_ZONES } from '../features/dialogue/meeting-time';
import type { ReactNode } from 'react';

/** A venue's place as its fields hold it (latitude and longitude as typed). */
export interface VenuePlace {
  name: string;
  country: string;
  lat: string;
  lon: string;
}

interface Props {
  legend: string;
  /** The checkbox that takes the place away (a meeting held online, an exercise distributed): when checked, no place fields. */
  withoutPlace: { name: string; label: string; checked: boolean; onChange: (checked: boolean) => void };
  /** The label of the place's name. */
  placeLabel: string;
  venue: VenuePlace;
  onVenueChange: (venue: VenuePlace) => void;
  /** The nations the country is chosen from. */
  nations: readonly { code: string }[];
  timeZone: string;
  onTimeZoneChange: (timeZone: string) => void;
  /** The id of the list of the region's time zones (unique in the page: made from the form's own id). */
  zoneListId: string;
  /** The place's fields side by side (in a `.row`) rather than one under another. */
  row?: boolean;
  /** Marks a field the server objected to (`venue.name`, `venue.lat`, `venue.lon`, `timeZone`): its aria attributes. */
  invalid?: (field: string) => object;
  /** The server's message at a field (`venue.name`, `venue.country`, `venue.lat`, `venue.lon`, `timeZone`), shown in its label. */
  errorAt?: (field: string) => ReactNode;
  /** A message about the venue as a whole, shown after the place's fields. */
  venueError?: ReactNode;
}

const unmarked = () => ({});
const noMessage = () => null;

/**
 * Where a meeting or an exercise is held: a place on the map (name, country, latitude and
 * longitude) unless the checkbox takes it away, and the time zone its times are stated in, the
 * region's zones offered (any IANA zone may be typed). The meeting form and the exercise form
 * share it; country, coordinates and time zone carry the dialogue's words in both.
 */
export function VenueFields({
  legend,
  withoutPlace,
  placeLabel,
  venue,
  onVenueChange,
  nations,
  timeZone,
  onTimeZoneChange,
  zoneListId,
  row = false,
  invalid = unmarked,
  errorAt = noMessage,
  venueError,
}: Props) {
  const { t } = useTranslation();
  const place = (
    <>
      <label>
        {placeLabel}
        <input
          name="venue-name"
          required
          maxLength={200}
          value={venue.name}
          onChange={(e) => onVenueChange({ ...venue, name: e.target.value })}
          {...invalid('venue.name')}
        />
        {errorAt('venue.name')}
      </label>
      <label>
        {t('dialogue.country')}
        <select name="venue-country" value={venue.country} onChange={(e) => onVenueChange({ ...venue, country: e.target.value })}>
          {nations.map((n) => (
            <option key={n.code} value={n.code}>
              {n.code}
            </option>
          ))}
        </select>
        {errorAt('venue.country')}
      </label>
      <label>
        {t('dialogue.lat')}
        <input
          name="venue-lat"
          type="number"
          required
          min={-90}
          max={90}
          step="any"
          value={venue.lat}
          onChange={(e) => onVenueChange({ ...venue, lat: e.target.value })}
          {...invalid('venue.lat')}
        />
        {errorAt('venue.lat')}
      </label>
      <label>
        {t('dialogue.lon')}
        <input
          name="venue-lon"
          type="number"
          required
          min={-180}
          max={180}
          step="any"
          value={venue.lon}
          onChange={(e) => onVenueChange({ ...venue, lon: e.target.value })}
          {...invalid('venue.lon')}
        />
        {errorAt('venue.lon')}
      </label>
    </>
  );
  return (
    <fieldset>
      <legend>{legend}</legend>
      <label className="check">
        <input
          type="checkbox"
          name={withoutPlace.name}
          checked={withoutPlace.checked}
          onChange={(e) => withoutPlace.onChange(e.target.checked)}
        />
        {withoutPlace.label}
      </label>
      {!withoutPlace.checked && (row ? <div className="row">{place}</div> : place)}
      {venueError}
      <label>
        {t('dialogue.timeZone')}
        <input
          name="time-zone"
          required
          list={zoneListId}
          value={timeZone}
          onChange={(e) => onTimeZoneChange(e.target.value)}
          {...invalid('timeZone')}
        />
        <datalist id={zoneListId}>
          {REGION_TIME_ZONES.map((z) => (
            <option key={z} value={z} />
          ))}
        </datalist>
        {errorAt('timeZone')}
      </label>
    </fieldset>
  );
}
