/**
 * The map: an offline base map (world-atlas country outlines, no tile server), server-side
 * clusters over what the reader may read, and uncertainty drawn as a halo around single incidents.
 * Loaded on demand so Leaflet stays out of the first screen.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import countriesUrl from 'world-atlas/countries-110m.json?url';
import { fetchMapClusters } from '../../api/incidents';
import { navigate } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import type { IncidentMap } from '../../api/incidents';
import type { GeometryCollection, Topology } from 'topojson-specification';

const REGION_CENTER: L.LatLngExpression = [37, 68];

export function IncidentMapPage() {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<IncidentMap | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, {
      center: REGION_CENTER,
      zoom: 5,
      minZoom: 2,
      maxZoom: 14,
      worldCopyJump: true,
      attributionControl: false,
    });
    const clusters = L.layerGroup().addTo(map);
    let stale = false;

    void fetch(countriesUrl)
      .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>)
      .then((topology) => {
        if (stale) return;
        L.geoJSON(feature(topology, topology.objects.countries), {
          style: { color: '#8a97a6', weight: 1, fillColor: '#e9edf1', fillOpacity: 1 },
          interactive: false,
        })
          .addTo(map)
          .bringToBack();
      });

    const refresh = () => {
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => Math.max(-180, Math.min(180, v)).toFixed(4)).join(',');
      fetchMapClusters(bbox, map.getZoom()).then(
        (result) => {
          if (stale) return;
          setData(result);
          setError(null);
          clusters.clearLayers();
          for (const c of result.clusters) {
            if (c.count === 1 && c.id) {
              const id = c.id;
              if (c.uncertaintyKm)
                L.circle([c.lat, c.lon], {
                  radius: c.uncertaintyKm * 1000,
                  color: '#0b4f8a',
                  weight: 1,
                  dashArray: '4 4',
                  fillOpacity: 0.08,
                  interactive: false,
                }).addTo(clusters);
              L.circleMarker([c.lat, c.lon], { radius: 6, color: '#0b4f8a', fillColor: '#0b4f8a', fillOpacity: 0.9 })
                .on('click', () => navigate(`/incidents/${id}`))
                .bindTooltip(t('map.openIncident'))
                .addTo(clusters);
            } else {
              L.circleMarker([c.lat, c.lon], {
                radius: 8 + Math.log2(c.count) * 3,
                color: '#a4262c',
                fillColor: '#d9534f',
                fillOpacity: 0.75,
                weight: 1,
              })
                .bindTooltip(t('map.cluster', { count: c.count }), { permanent: false })
                .on('click', () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 14)))
                .addTo(clusters);
            }
          }
        },
        (e: unknown) => !stale && setError(e),
      );
    };
    map.on('moveend', refresh);
    refresh();
    return () => {
      stale = true;
      map.remove();
    };
  }, [t]);

  return (
    <section>
      {data?.mostRestrictive ? <MarkingBanner markings={[data.mostRestrictive]} /> : null}
      <h1>{t('map.title')}</h1>
      <p className="muted" data-testid="map-total">
        {data ? t('map.total', { count: data.total }) : t('notes.loading')}
      </p>
      <ErrorMessage error={error} />
      <div ref={container} className="map" data-testid="incident-map" role="region" aria-label={t('map.title')} />
    </section>
  );
}
