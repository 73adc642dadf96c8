/**
 * A small map of an incident's place: the offline base map (world-atlas country outlines, as the
 * map page draws them; no tile server), the point and its uncertainty. Loaded on demand, so
 * Leaflet stays out of the first screen.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { addBaseMap } from './base-map';

export function IncidentPlaceMap({ lat, lon, uncertaintyKm }: { lat: number; lon: number; uncertaintyKm?: number | undefined }) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!container.current) return;
    const map = L.map(container.current, { center: [lat, lon], zoom: 6, minZoom: 2, maxZoom: 12, attributionControl: false });
    let stale = false;
    addBaseMap(map, () => stale);
    if (uncertaintyKm)
      L.circle([lat, lon], { radius: uncertaintyKm * 1000, color: '#0b4f8a', weight: 1, dashArray: '4 4', fillOpacity: 0.08 }).addTo(map);
    L.circleMarker([lat, lon], { radius: 6, color: '#0b4f8a', fillColor: '#0b4f8a', fillOpacity: 0.9 }).addTo(map);
    return () => {
      stale = true;
      map.remove();
    };
  }, [lat, lon, uncertaintyKm]);
  return (
    <div ref={container} className="place-map" dir="ltr" data-testid="place-map" role="region" aria-label={t('incidentPage.mapTitle')} />
  );
}
