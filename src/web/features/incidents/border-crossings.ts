/**
 * Main road border crossings of the region, for orientation on the offline map. Positions are
 * approximate (rounded to about a kilometre or a few): the crossing point itself where it is well
 * known, otherwise the border town on one side as the GeoNames gazetteer places it (Chaman,
 * Sarakhs, Serhetabat, Farap, Ishkashim are the cities1000 entries in region-places' source).
 * Not for navigation; add or correct an entry with its source in the commit message.
 */
export interface BorderCrossing {
  /** The names on either side, as commonly written in English. */
  name: string;
  /** ISO 3166-1 alpha-3 codes of the two countries. */
  between: [string, string];
  lat: number;
  lon: number;
}

export const BORDER_CROSSINGS: readonly BorderCrossing[] = [
  { name: 'Torkham', between: ['PAK', 'AFG'], lat: 34.14, lon: 71.09 },
  { name: 'Chaman – Spin Boldak', between: ['PAK', 'AFG'], lat: 30.92, lon: 66.43 },
  { name: 'Taftan – Mirjaveh', between: ['PAK', 'IRN'], lat: 28.97, lon: 61.56 },
  { name: 'Wagah – Attari', between: ['PAK', 'IND'], lat: 31.6, lon: 74.57 },
  { name: 'Khunjerab Pass', between: ['PAK', 'CHN'], lat: 36.85, lon: 75.43 },
  { name: 'Islam Qala – Dogharoun', between: ['AFG', 'IRN'], lat: 34.66, lon: 61.07 },
  { name: 'Zaranj – Milak', between: ['AFG', 'IRN'], lat: 31.0, lon: 61.8 },
  { name: 'Hairatan – Termez', between: ['AFG', 'UZB'], lat: 37.23, lon: 67.42 },
  { name: 'Sher Khan Bandar – Panji Poyon', between: ['AFG', 'TJK'], lat: 37.18, lon: 68.6 },
  { name: 'Ishkashim', between: ['AFG', 'TJK'], lat: 36.72, lon: 71.61 },
  { name: 'Torghundi – Serhetabat', between: ['AFG', 'TKM'], lat: 35.28, lon: 62.34 },
  { name: 'Sarakhs', between: ['IRN', 'TKM'], lat: 36.54, lon: 61.16 },
  { name: 'Bajgiran – Gaudan', between: ['IRN', 'TKM'], lat: 37.6, lon: 58.41 },
  { name: 'Farap – Alat', between: ['TKM', 'UZB'], lat: 39.17, lon: 63.61 },
  { name: 'Irkeshtam', between: ['KGZ', 'CHN'], lat: 39.69, lon: 73.91 },
  { name: 'Torugart', between: ['KGZ', 'CHN'], lat: 40.56, lon: 75.39 },
  { name: 'Kulma Pass', between: ['TJK', 'CHN'], lat: 38.09, lon: 75.03 },
  { name: 'Khorgos', between: ['KAZ', 'CHN'], lat: 44.2, lon: 80.3 },
  { name: 'Dostyk – Alashankou', between: ['KAZ', 'CHN'], lat: 45.22, lon: 82.48 },
];
