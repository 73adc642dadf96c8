/**
 * The map: an offline base map (world-atlas country outlines and region place names, no tile
 * server), server-side clusters over what the reader may read coloured by domain, the list's
 * filters in the address, and the uncertainty halo of the one incident selected. Loaded on demand
 * so Leaflet stays out of the first screen.
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './picture.css';
import './map.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addBaseMap } from './base-map';
import placesUrl from './region-places.json?url';
import { useIncidentStats } from '../../api/incidents';
import { fetchIncidentMap } from '../../api/incident-views';
import { AppLink } from '../../components/AppLink';
import { useSearch } from '../../app/router';
import { ErrorMessage } from '../../components/ErrorMessage';
import { MarkingBanner } from '../../components/MarkingBanner';
import { BORDER_CROSSINGS } from './border-crossings';
import { formatLocal, formatUtc } from './format';
import { vocab } from '../../i18n/vocab';
import { PictureFilterBar } from './PictureFilterBar';
import { colourOf, DOMAINS, filtersFromSearch } from './picture-filters';
import type { IncidentMap, MapCluster } from '../../api/incident-views';
import type { TFunction } from 'i18next';

const REGION_CENTER: L.LatLngExpression = [37, 68];
/** The lowest zoom at which places of each rank (capital, 1M+, 300k+, the rest) are named. */
const RANK_ZOOM = [3, 4, 5, 6];
const CROSSING_ZOOM = 5;

type Place = [name: string, lat: number, lon: number, rank: number];

function element(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A cluster's disc: one colour per domain in proportion to its count, the total in the middle. */
function clusterIcon(cluster: MapCluster): L.DivIcon {
  const size = Math.round(26 + Math.log2(cluster.count) * 5);
  const disc = element('span', 'cluster-disc');
  let at = 0;
  const stops = cluster.domains.map((d) => {
    const from = at;
    at += (d.count / cluster.count) * 360;
    return `${colourOf(d.domain)} ${from}deg ${at}deg`;
  });
  disc.style.background = `conic-gradient(${stops.join(', ')})`;
  disc.style.width = disc.style.height = `${size}px`;
  disc.append(element('span', 'cluster-count', String(cluster.count)));
  return L.divIcon({ html: disc, className: 'cluster-icon', iconSize: [size, size] });
}

function singleIcon(cluster: MapCluster): L.DivIcon {
  const dot = element('span', 'single-dot');
  dot.style.background = colourOf(cluster.domains[0]?.domain ?? 'other');
  return L.divIcon({ html: dot, className: 'single-icon', iconSize: [16, 16] });
}

/** The hover card: title and time (UTC first, the reader's own beside it), or a cluster's domains. */
function hoverCard(cluster: MapCluster, t: TFunction, language: string): HTMLElement {
  const card = element('div', 'map-card');
  if (cluster.count === 1 && cluster.title !== undefined) {
    card.append(element('strong', 'map-card-title', cluster.title));
    if (cluster.occurredAt) {
      card.append(element('span', 'map-card-time', formatUtc(cluster.occurredAt)));
      card.append(element('span', 'map-card-local', formatLocal(cluster.occurredAt, language)));
    }
    card.append(element('span', 'map-card-domain', vocab(t, 'domains', cluster.domains[0]?.domain ?? '')));
    return card;
  }
  card.append(element('strong', 'map-card-title', t('map.cluster', { count: cluster.count })));
  for (const d of cluster.domains) card.append(element('span', 'map-card-domain', `${vocab(t, 'domains', d.domain)}: ${d.count}`));
  return card;
}

export function IncidentMapPage() {
  const { t, i18n } = useTranslation();
  const search = useSearch();
  const filters = filtersFromSearch(search);
  const filterKey = JSON.stringify(filters);
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<{ map: L.Map; clusters: L.LayerGroup; halo: L.LayerGroup } | null>(null);
  const [data, setData] = useState<IncidentMap | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<MapCluster | null>(null);
  const stats = useIncidentStats(filters);
  const texts = useRef({ t, language: i18n.language });
  texts.current = { t, language: i18n.language };

  // The map itself, the base map and the place names: made once.
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
    const places = L.layerGroup().addTo(map);
    const clusters = L.layerGroup().addTo(map);
    const halo = L.layerGroup().addTo(map);
    mapRef.current = { map, clusters, halo };
    let stale = false;
    let named: Place[] = [];

    addBaseMap(map, () => stale);

    const label = (name: string, lat: number, lon: number, className: string) =>
      L.marker([lat, lon], {
        icon: L.divIcon({ html: element('span', 'place-name', name), className, iconSize: undefined }),
        interactive: false,
        keyboard: false,
      }).addTo(places);
    const drawPlaces = () => {
      places.clearLayers();
      const zoom = map.getZoom();
      for (const [name, lat, lon, rank] of named)
        if (zoom >= (RANK_ZOOM[rank] ?? 6)) label(name, lat, lon, `place-label place-rank-${rank}`);
      if (zoom >= CROSSING_ZOOM) for (const c of BORDER_CROSSINGS) label(c.name, c.lat, c.lon, 'place-label place-crossing');
    };
    void fetch(placesUrl)
      .then((r) => r.json() as Promise<{ places: Place[] }>)
      .then((file) => {
        if (stale) return;
        named = file.places;
        drawPlaces();
      });
    map.on('zoomend', drawPlaces);
    drawPlaces();
    return () => {
      stale = true;
      mapRef.current = null;
      map.remove();
    };
  }, []);

  // The clusters for the view and the filters: asked again on every move and filter change.
  useEffect(() => {
    const parts = mapRef.current;
    if (!parts) return;
    const { map, clusters } = parts;
    const current = JSON.parse(filterKey) as Record<string, string>;
    let stale = false;
    const refresh = () => {
      const b = map.getBounds();
      const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => Math.max(-180, Math.min(180, v)).toFixed(4)).join(',');
      fetchIncidentMap(current, bbox, map.getZoom()).then(
        (result) => {
          if (stale) return;
          const { t: tr, language } = texts.current;
          setData(result);
          setError(null);
          clusters.clearLayers();
          for (const c of result.clusters) {
            const single = c.count === 1 && c.id !== undefined;
            L.marker([c.lat, c.lon], {
              icon: single ? singleIcon(c) : clusterIcon(c),
              title: single ? (c.title ?? '') : tr('map.cluster', { count: c.count }),
              alt: single ? (c.title ?? '') : tr('map.cluster', { count: c.count }),
              keyboard: true,
              riseOnHover: true,
            })
              .bindTooltip(hoverCard(c, tr, language), { direction: 'top', offset: [0, -8], className: 'map-tooltip' })
              .on('click', () => (single ? setSelected(c) : map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 14))))
              .addTo(clusters);
          }
        },
        (e: unknown) => !stale && setError(e),
      );
    };
    map.on('moveend', refresh);
    refresh();
    return () => {
      stale = true;
      map.off('moveend', refresh);
    };
  }, [filterKey]);

  // The halo of the selected incident only: its place's uncertainty, or a ring when none is given.
  useEffect(() => {
    const parts = mapRef.current;
    if (!parts) return;
    parts.halo.clearLayers();
    if (!selected) return;
    const style = { color: '#0b4f8a', weight: 2, dashArray: '4 4', fillOpacity: 0.08, interactive: false, className: 'selection-halo' };
    if (selected.uncertaintyKm)
      L.circle([selected.lat, selected.lon], { ...style, radius: selected.uncertaintyKm * 1000 }).addTo(parts.halo);
    else L.circleMarker([selected.lat, selected.lon], { ...style, radius: 14 }).addTo(parts.halo);
  }, [selected]);

  const byDomain = new Map((stats.data?.byDomain ?? []).map((b) => [b.key, b.count]));
  return (
    <section className="map-page">
      {data?.mostRestrictive ? <MarkingBanner markings={[data.mostRestrictive]} /> : null}
      <h1>{t('map.title')}</h1>
      <PictureFilterBar key={search} path="/map" filters={filters} />
      <p className="muted" data-testid="map-in-view" aria-live="polite">
        {data && stats.data ? t('map.inView', { count: data.total, total: stats.data.total }) : t('notes.loading')}
      </p>
      <ErrorMessage error={error ?? stats.error} />
      <div ref={container} className="map" dir="ltr" data-testid="incident-map" role="region" aria-label={t('map.title')} />
      {selected?.id ? (
        <div className="map-selected" data-testid="map-selected" role="status">
          <strong>{selected.title}</strong>
          {selected.occurredAt ? (
            <span>
              {formatUtc(selected.occurredAt)} · {formatLocal(selected.occurredAt, i18n.language)}
            </span>
          ) : null}
          {selected.uncertaintyKm ? <span>{t('map.uncertainty', { km: selected.uncertaintyKm })}</span> : null}
          <AppLink to={`/incidents/${selected.id}`}>{t('map.openIncident')}</AppLink>
          <button type="button" className="secondary" onClick={() => setSelected(null)}>
            {t('map.deselect')}
          </button>
        </div>
      ) : null}
      <h2 className="picture-legend-title">{t('map.legend')}</h2>
      <ul className="picture-legend" data-testid="map-legend">
        {DOMAINS.map((domain) => (
          <li key={domain}>
            <span className="swatch" style={{ background: colourOf(domain) }} aria-hidden="true" />
            {vocab(t, 'domains', domain)}
            {stats.data ? <span className="muted"> ({byDomain.get(domain) ?? 0})</span> : null}
          </li>
        ))}
        <li>
          <span className="swatch crossing" aria-hidden="true" />
          {t('map.crossing')}
        </li>
      </ul>
      <p className="muted small-print">{t('map.placesSource')}</p>
    </section>
  );
}
