import { describe, expect, it } from 'vitest';
import { NO_ALLOWANCE, parseOutboundAllowance, refusedRange } from './outbound-policy';

describe('the outbound address policy', () => {
  it('refuses this machine, private, link-local, CGNAT and other special ranges by default, and lets public unicast through', () => {
    const refused = {
      '127.0.0.1': 'loopback',
      '127.10.0.5': 'loopback',
      '::1': 'loopback',
      '::ffff:127.0.0.1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '192.168.1.1': 'private',
      'fd12:3456::1': 'private',
      '169.254.169.254': 'link-local',
      'fe80::1': 'link-local',
      '100.64.0.1': 'cgnat',
      '0.0.0.0': 'unspecified',
      '::': 'unspecified',
      '224.0.0.1': 'multicast',
      'ff02::1': 'multicast',
      '255.255.255.255': 'broadcast',
      '192.0.2.10': 'reserved',
      '64:ff9b::7f00:1': 'rfc6052',
      '2002:7f00:1::': '6to4',
      'not-an-ip': 'not an address',
    };
    for (const [address, range] of Object.entries(refused)) expect(refusedRange(address, NO_ALLOWANCE), address).toBe(range);
    for (const address of ['93.184.215.14', '2606:4700::1111', '::ffff:8.8.8.8', '[2606:4700::1111]'])
      expect(refusedRange(address, NO_ALLOWANCE), address).toBeNull();
  });

  it('lets through what the administrator allows, by range name or network, and never unspecified or multicast', () => {
    const { allowance, problems } = parseOutboundAllowance('loopback, 10.20.0.0/16,fd00:1::/48');
    expect(problems).toEqual([]);
    expect(refusedRange('127.0.0.1', allowance)).toBeNull();
    expect(refusedRange('::1', allowance)).toBeNull();
    expect(refusedRange('10.20.3.4', allowance)).toBeNull();
    expect(refusedRange('10.21.3.4', allowance)).toBe('private');
    expect(refusedRange('fd00:1::5', allowance)).toBeNull();
    expect(refusedRange('169.254.169.254', allowance)).toBe('link-local');
    expect(refusedRange('0.0.0.0', parseOutboundAllowance('0.0.0.0/0').allowance)).toBe('unspecified');
    expect(refusedRange('224.0.0.1', parseOutboundAllowance('224.0.0.0/4').allowance)).toBe('multicast');
  });

  it('names every item it cannot read', () => {
    const { problems } = parseOutboundAllowance('loopback,intranet,10.0.0.0/40');
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/"intranet"/);
    expect(problems[1]).toMatch(/"10.0.0.0\/40"/);
  });
});
