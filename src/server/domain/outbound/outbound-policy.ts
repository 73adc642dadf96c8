/**
 * Which addresses this node may send requests to. Public unicast addresses are always allowed;
 * the node's own machine, private networks and every other special range are refused unless the
 * node administrator allows them (CONCORD_OUTBOUND_ALLOW): a feed URL, a peer address or a push
 * endpoint someone typed must not turn the node into a probe of the networks behind it.
 * Pure: config.ts parses the allowance with it, outbound-request.ts checks resolved addresses.
 */
import ipaddr from 'ipaddr.js';

/** Ranges an administrator may allow by name; anything else special only by an explicit CIDR. */
export const OUTBOUND_RANGES = {
  loopback: 'this machine (127.0.0.0/8, ::1)',
  private: 'private networks (10/8, 172.16/12, 192.168/16, fc00::/7)',
  'link-local': 'link-local addresses (169.254/16, fe80::/10), cloud metadata services among them',
  cgnat: 'carrier-grade NAT (100.64/10)',
} as const;
export type OutboundRangeName = keyof typeof OUTBOUND_RANGES;

export interface OutboundAllowance {
  ranges: OutboundRangeName[];
  /** Networks allowed whatever range they fall in, as `address/prefix`. */
  cidrs: string[];
}

export const NO_ALLOWANCE: OutboundAllowance = { ranges: [], cidrs: [] };

/** ipaddr.js range names, by the name an administrator allows them with. */
const RANGE_OF: Record<string, OutboundRangeName> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
};
/** Never a destination, whatever is allowed. */
const NEVER = new Set(['unspecified', 'broadcast', 'multicast']);

/** Parses `loopback,private,10.20.0.0/16,…`; problems name each item that is neither. */
export function parseOutboundAllowance(text: string): { allowance: OutboundAllowance; problems: string[] } {
  const allowance: OutboundAllowance = { ranges: [], cidrs: [] };
  const problems: string[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (item in OUTBOUND_RANGES) {
      allowance.ranges.push(item as OutboundRangeName);
      continue;
    }
    try {
      const [address, prefix] = ipaddr.parseCIDR(item);
      allowance.cidrs.push(`${address.toNormalizedString()}/${prefix}`);
    } catch {
      problems.push(`"${item}" is neither ${Object.keys(OUTBOUND_RANGES).join(', ')} nor a network such as 10.20.0.0/16 or fd12:3456::/48`);
    }
  }
  return { allowance, problems };
}

/** The address as the range checks see it: an IPv4 address written as IPv6 (::ffff:a.b.c.d) is IPv4. */
function parse(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  try {
    const parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
    return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  } catch {
    return null;
  }
}

/**
 * Why the address may not be reached (e.g. "loopback", "private", "reserved"), or null when it
 * may. An address that does not parse is refused.
 */
export function refusedRange(address: string, allowance: OutboundAllowance): string | null {
  const parsed = parse(address);
  if (!parsed) return 'not an address';
  const range = parsed.range();
  if (NEVER.has(range)) return range;
  if (range === 'unicast') return null;
  const named = RANGE_OF[range];
  if (named && allowance.ranges.includes(named)) return null;
  for (const cidr of allowance.cidrs) {
    const [network, prefix] = ipaddr.parseCIDR(cidr);
    if (network.kind() === parsed.kind() && parsed.match(network, prefix)) return null;
  }
  return named ?? range;
}
