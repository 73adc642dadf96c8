/**
 * An export's pages as the text of its format (JSON, CSV, GeoJSON), written page by page as the
 * domain reads them: the answer streams and never holds the whole set. STIX bundles are written
 * by the domain (stix-export.ts: the bundle needs the linked records, read per page).
 */
import { incidentsToCsv } from '../../domain/incidents/incident-views';
import { presentIncident } from './incident-presenter';
import { incidentsToGeoJson } from './incident-geojson';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { UserActor } from '../../domain/auth/actor';

export async function* incidentExportText(
  format: 'json' | 'csv' | 'geojson',
  pages: AsyncIterable<IncidentRow[]>,
  actor: UserActor,
): AsyncGenerator<string> {
  if (format === 'csv') {
    // Each page through the one CSV writer; its header only once, at the top.
    const header = incidentsToCsv([]);
    yield header;
    for await (const rows of pages) {
      if (rows.length === 0) continue;
      const text = incidentsToCsv(rows);
      yield text.startsWith(header) ? text.slice(header.length) : text;
    }
    return;
  }
  const [open, close] = format === 'geojson' ? ['{"type":"FeatureCollection","features":[', ']}'] : ['[', ']'];
  yield open;
  let separator = '';
  for await (const rows of pages) {
    const items = format === 'geojson' ? incidentsToGeoJson(rows, actor).features : rows.map((row) => presentIncident(row, actor));
    let text = '';
    for (const item of items) {
      text += separator + JSON.stringify(item);
      separator = ',';
    }
    if (text) yield text;
  }
  yield close;
}
