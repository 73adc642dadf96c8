/**
 * Cyber observables normalised on write, so the same value written two ways is one value (and
 * correlates): addresses in their canonical text form (RFC 5952 for IPv6), CIDR blocks as their
 * network address, host names lower-case ASCII (IDNA), URLs as the WHATWG parser serialises them,
 * hashes lower-case hex. Defanged values (`hxxp://`, `[.]`, `[at]` ...) are refanged first, on every
 * write path. Values that are usually benign (private ranges, public DNS resolvers, popular domains,
 * the hash of an empty file) carry warnings: they are accepted, but readers are told.
 */
import ipaddr from 'ipaddr.js';
import { refang } from '../../../shared/indicators/refang';
import type { IndicatorType } from '../../../shared/vocab/picture-records';

export type Normalised = { ok: true; value: string; warnings: string[] } | { ok: false; message: string };

/**
 * Domains whose presence in an indicator is far more often noise than a threat: the head of the
 * Tranco list of popular domains (tranco-list.eu), with the update, CDN and certificate services
 * that malware contacts to blend in. Kept short on purpose: a warning, not a verdict.
 */
const WELL_KNOWN_DOMAINS = [
  'google.com',
  'googleapis.com',
  'gstatic.com',
  'youtube.com',
  'microsoft.com',
  'windows.com',
  'windowsupdate.com',
  'office.com',
  'live.com',
  'apple.com',
  'icloud.com',
  'amazon.com',
  'amazonaws.com',
  'cloudflare.com',
  'akamai.net',
  'akamaiedge.net',
  'facebook.com',
  'wikipedia.org',
  'github.com',
  'yandex.ru',
  'mail.ru',
  'baidu.com',
  'digicert.com',
  'letsencrypt.org',
  'twitter.com',
  'instagram.com',
  'linkedin.com',
  'whatsapp.net',
  'netflix.com',
  'bing.com',
  'msn.com',
  'azure.com',
  'doubleclick.net',
  'googletagmanager.com',
  'fbcdn.net',
  'cloudfront.net',
  'fastly.net',
  'vk.com',
];
/**
 * Public DNS resolvers, from their operators' published addresses (Google Public DNS, Cloudflare
 * 1.1.1.1, Quad9, Cisco OpenDNS, AdGuard, Yandex DNS): every host talks to one, so they are benign
 * as indicators.
 */
const PUBLIC_RESOLVERS = new Set([
  '8.8.8.8',
  '8.8.4.4',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '1.1.1.1',
  '1.0.0.1',
  '2606:4700:4700::1111',
  '2606:4700:4700::1001',
  '9.9.9.9',
  '149.112.112.112',
  '2620:fe::fe',
  '2620:fe::9',
  '208.67.222.222',
  '208.67.220.220',
  '94.140.14.14',
  '94.140.15.15',
  '77.88.8.8',
  '77.88.8.1',
]);
/** Names that never resolve on the internet (RFC 2606, RFC 6761, RFC 8375, common private suffixes). */
const RESERVED_SUFFIXES = ['localhost', 'local', 'test', 'example', 'invalid', 'internal', 'lan', 'home.arpa'];
const EMPTY_FILE_HASHES = new Set([
  'd41d8cd98f00b204e9800998ecf8427e',
  'da39a3ee5e6b4b0d3255bfef95601890afd80709',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
]);
const HASH_LENGTHS = { md5: 32, sha1: 40, sha256: 64 } as const;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

const isUnder = (host: string, suffix: string) => host === suffix || host.endsWith(`.${suffix}`);

function hostWarnings(host: string): string[] {
  const warnings: string[] = [];
  const known = WELL_KNOWN_DOMAINS.find((d) => isUnder(host, d));
  if (known) warnings.push(`${known} is a well-known domain; matches are likely benign.`);
  const reserved = RESERVED_SUFFIXES.find((s) => isUnder(host, s));
  if (reserved) warnings.push(`.${reserved} names do not resolve on the internet.`);
  return warnings;
}

function addressWarnings(address: ipaddr.IPv4 | ipaddr.IPv6): string[] {
  if (PUBLIC_RESOLVERS.has(address.toString())) return [`${address.toString()} is a public DNS resolver; matches are likely benign.`];
  const range = address.range();
  return range === 'unicast' ? [] : [`${address.toString()} is in a ${range} range; it is not routable on the internet.`];
}

function normaliseHost(raw: string): string | null {
  const trimmed = raw.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/@:?#]/.test(trimmed)) return null;
  let host: string;
  try {
    host = new URL(`http://${trimmed}/`).hostname;
  } catch {
    return null;
  }
  const labels = host.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels.at(-1) ?? '')) return null;
  return host;
}

export function normaliseIndicator(type: IndicatorType, raw: string): Normalised {
  const input = refang(raw);
  switch (type) {
    case 'ipv4': {
      if (!ipaddr.IPv4.isValidFourPartDecimal(input))
        return { ok: false, message: 'Not an IPv4 address in dotted decimal (such as 203.0.113.7).' };
      const address = ipaddr.IPv4.parse(input);
      return { ok: true, value: address.toString(), warnings: addressWarnings(address) };
    }
    case 'ipv6': {
      if (!ipaddr.IPv6.isValid(input)) return { ok: false, message: 'Not an IPv6 address (such as 2001:db8::1).' };
      const address = ipaddr.IPv6.parse(input);
      return { ok: true, value: address.toString(), warnings: addressWarnings(address) };
    }
    case 'cidr': {
      if (!ipaddr.isValidCIDR(input)) return { ok: false, message: 'Not a CIDR block (such as 203.0.113.0/24 or 2001:db8::/32).' };
      const [address, prefix] = ipaddr.parseCIDR(input);
      const isV4 = address.kind() === 'ipv4';
      if (isV4 && !ipaddr.IPv4.isValidCIDRFourPartDecimal(input)) return { ok: false, message: 'Write the IPv4 part in dotted decimal.' };
      const network = isV4 ? ipaddr.IPv4.networkAddressFromCIDR(input) : ipaddr.IPv6.networkAddressFromCIDR(input);
      const warnings = addressWarnings(network);
      if (prefix < (isV4 ? 16 : 32)) warnings.push(`A /${prefix} block is very broad; matches are likely benign.`);
      return { ok: true, value: `${network.toString()}/${prefix}`, warnings };
    }
    case 'domain': {
      const host = normaliseHost(input);
      if (!host) return { ok: false, message: 'Not a domain name (such as example.org), without scheme or path.' };
      return { ok: true, value: host, warnings: hostWarnings(host) };
    }
    case 'url': {
      let url: URL;
      try {
        url = new URL(input);
      } catch {
        return { ok: false, message: 'Not an absolute URL (such as https://example.org/path).' };
      }
      if (!['http:', 'https:', 'ftp:'].includes(url.protocol))
        return { ok: false, message: 'Only http, https and ftp URLs are indicators here.' };
      const host = url.hostname.replace(/^\[|\]$/g, '');
      const warnings = ipaddr.isValid(host) ? addressWarnings(ipaddr.parse(host)) : hostWarnings(host);
      return { ok: true, value: url.href, warnings };
    }
    case 'email': {
      const at = input.lastIndexOf('@');
      const local = input.slice(0, at);
      const host = at > 0 ? normaliseHost(input.slice(at + 1)) : null;
      if (!host || local.length === 0 || local.length > 64 || /[\s<>]/.test(local)) {
        return { ok: false, message: 'Not an e-mail address (such as name@example.org).' };
      }
      return { ok: true, value: `${local}@${host}`, warnings: hostWarnings(host) };
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const hex = input.replace(/\s+/g, '').toLowerCase();
      const length = HASH_LENGTHS[type];
      if (!new RegExp(`^[0-9a-f]{${length}}$`).test(hex))
        return { ok: false, message: `A ${type.toUpperCase()} hash is ${length} hexadecimal digits.` };
      return { ok: true, value: hex, warnings: EMPTY_FILE_HASHES.has(hex) ? ['This is the hash of an empty file.'] : [] };
    }
  }
}
