import { presentIncident } from './incident-presenter';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { UserActor } from '../../domain/auth/actor';

/** GeoJSON FeatureCollection (RFC 7946) of presented incidents; unlocated ones have no geometry. */
export function incidentsToGeoJson(rows: IncidentRow[], actor: UserActor) {
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => {
      const incident = presentIncident(row, actor);
      return {
        type: 'Feature',
        id: incident.id,
        geometry: incident.place.point ? { type: 'Point', coordinates: [incident.place.point.lon, incident.place.point.lat] } : null,
        properties: incident,
      };
    }),
  };
}
