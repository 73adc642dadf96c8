import { formatLocal } from '../../../shared/time/format-moment';

/** A meeting's time in its venue's zone (as the host states it), named with the zone. */
export function inVenueZone(at: string, timeZone: string, language: string): string {
  return `${formatLocal(at, language, timeZone)} (${timeZone})`;
}

/** Time zones of the region offered first; any IANA zone may be typed. */
export const REGION_TIME_ZONES = [
  'Asia/Karachi',
  'Asia/Almaty',
  'Asia/Bishkek',
  'Asia/Dushanbe',
  'Asia/Tashkent',
  'Asia/Kabul',
  'Asia/Dubai',
  'America/New_York',
  'Europe/Brussels',
  'UTC',
] as const;
