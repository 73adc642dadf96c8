import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { readableBy } from './sql/releasability-sql';
import type { Reader } from '../../../shared/labels/label';
import type { DB } from '../schema';

/**
 * Incidents near another in place and time, among those the reader may read — the condition is in
 * the query, so a related record the reader may not read is never counted, let alone shown.
 */
export function correlationRepository(db: Kysely<DB>) {
  return {
    nearInPlaceAndTime: (
      reader: Reader,
      around: { id: string; lat: number; lon: number; at: Date },
      window: { km: number; days: number; limit: number },
    ) => {
      const latDegrees = window.km / 111;
      const lonDegrees = window.km / (111 * Math.max(0.1, Math.cos((around.lat * Math.PI) / 180)));
      const from = new Date(around.at.getTime() - window.days * 86_400_000);
      const to = new Date(around.at.getTime() + window.days * 86_400_000);
      // Haversine distance in km, on the candidates the bounding box lets through.
      const distance = sql<number>`6371 * 2 * asin(sqrt(power(sin(radians(lat - ${around.lat}) / 2), 2) + cos(radians(${around.lat})) * cos(radians(lat)) * power(sin(radians(lon - ${around.lon}) / 2), 2)))`;
      return db
        .selectFrom('incidents')
        .select(['id', 'title', 'domain', 'subtype', 'occurred_at', 'place_name', 'country', distance.as('distance_km')])
        .where(readableBy(reader, 'incidents'))
        .where('id', '!=', around.id)
        .where('lat', '>=', around.lat - latDegrees)
        .where('lat', '<=', around.lat + latDegrees)
        .where('lon', '>=', around.lon - lonDegrees)
        .where('lon', '<=', around.lon + lonDegrees)
        .where('occurred_at', '>=', from)
        .where('occurred_at', '<=', to)
        .where(sql<boolean>`${distance} <= ${window.km}`)
        .orderBy(sql`abs(extract(epoch from occurred_at - ${around.at}::timestamptz))`)
        .limit(window.limit)
        .execute();
    },
  };
}
