/**
 * The offline base map: the world-atlas country outlines (a static file served with the app, never
 * a tile server), drawn under everything else. Shared by the map screen and an incident's small map.
 */
import L from 'leaflet';
import { feature } from 'topojson-client';
import countriesUrl from 'world-atlas/countries-110m.json?url';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** Fetches the outlines and adds them to `map`, unless the map is gone by then (`stale()`). */
export function addBaseMap(map: L.Map, stale: () => boolean): void {
  void fetch(countriesUrl)
    .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>)
    .then((topology) => {
      if (stale()) return;
      L.geoJSON(feature(topology, topology.objects.countries), {
        style: { color: '#8a97a6', weight: 1, fillColor: '#e9edf1', fillOpacity: 1 },
        interactive: false,
      })
        .addTo(map)
        .bringToBack();
    });
}
