/**
 * Indicators found in pasted free text (a report, an e-mail, a list), defanged ones included:
 * addresses, domains, URLs, e-mail addresses and hashes, each once, in the order of the types below.
 * The finding is ioc-extractor's (maintained patterns with a TLD check, so `report.pdf` is no
 * domain); the refanging first goes through the rule every write path uses.
 */
import { extractIOC } from 'ioc-extractor';
import { refangText } from '../../../shared/indicators/refang';
import type { IndicatorType } from '../../../shared/vocab/picture-records';

export interface Candidate {
  type: IndicatorType;
  value: string;
}

const FOUND_AS: [keyof ReturnType<typeof extractIOC>, IndicatorType][] = [
  ['urls', 'url'],
  ['domains', 'domain'],
  ['ipv4s', 'ipv4'],
  ['ipv6s', 'ipv6'],
  ['emails', 'email'],
  ['sha256s', 'sha256'],
  ['sha1s', 'sha1'],
  ['md5s', 'md5'],
];

/** At most this many are offered from one paste (the review list must stay reviewable). */
export const MAX_CANDIDATES = 500;

export function extractIndicators(text: string): Candidate[] {
  const found = extractIOC(refangText(text), { refang: true, sort: false });
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const [key, type] of FOUND_AS) {
    for (const raw of found[key]) {
      const value = type === 'domain' || type.startsWith('sha') || type === 'md5' ? raw.toLowerCase() : raw;
      if (seen.has(`${type}:${value}`)) continue;
      seen.add(`${type}:${value}`);
      candidates.push({ type, value });
    }
  }
  return candidates.slice(0, MAX_CANDIDATES);
}
