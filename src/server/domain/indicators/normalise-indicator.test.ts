import { describe, expect, it } from 'vitest';
import { normaliseIndicator } from './normalise-indicator';
import type { IndicatorType } from '../../../shared/vocab/picture-records';

const value = (type: IndicatorType, raw: string) => {
  const result = normaliseIndicator(type, raw);
  if (!result.ok) throw new Error(result.message);
  return result;
};

describe('indicator normalisation', () => {
  it.each<[IndicatorType, string, string]>([
    ['ipv4', ' 203.0.113.7 ', '203.0.113.7'],
    ['ipv6', '2001:0DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['ipv6', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['cidr', '203.0.113.77/24', '203.0.113.0/24'],
    ['cidr', '2001:DB8:1::5/48', '2001:db8:1::/48'],
    ['domain', 'Evil-Example.ORG.', 'evil-example.org'],
    ['domain', 'бишкек.kg', 'xn--90aiiib5f.kg'],
    ['url', 'HTTP://Evil-Example.ORG:80/a/../b?x=1', 'http://evil-example.org/b?x=1'],
    ['email', 'Courier.One@Mail.Example-Ops.NET', 'Courier.One@mail.example-ops.net'],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['sha256', 'AB'.repeat(32), 'ab'.repeat(32)],
    ['ipv4', '203.0.113[.]7', '203.0.113.7'],
    ['domain', 'evil-example[.]org', 'evil-example.org'],
    ['url', 'hxxps[:]//evil-example(.)org/drop', 'https://evil-example.org/drop'],
    ['email', 'courier[at]mail[.]example-ops[.]net', 'courier@mail.example-ops.net'],
  ])('%s %s → %s', (type, raw, expected) => {
    expect(value(type, raw).value).toBe(expected);
  });

  it.each<[IndicatorType, string]>([
    ['ipv4', '203.0.113'],
    ['ipv4', '0xCB.0.113.7'],
    ['ipv4', '203.0.113.256'],
    ['ipv6', '2001:db8::g'],
    ['cidr', '203.0.113.0/33'],
    ['cidr', '203.0.113.0'],
    ['domain', 'http://example.org/'],
    ['domain', 'localhost'],
    ['domain', 'bad_label.org'],
    ['url', 'example.org/path'],
    ['url', 'javascript:alert(1)'],
    ['email', 'nobody'],
    ['email', '@example.org'],
    ['md5', 'abc'],
    ['sha1', 'z'.repeat(40)],
  ])('refuses %s %s with a message', (type, raw) => {
    const result = normaliseIndicator(type, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('warns about benign values and not about ordinary ones', () => {
    expect(value('ipv4', '10.1.2.3').warnings[0]).toMatch(/private/);
    expect(value('ipv4', '127.0.0.1').warnings[0]).toMatch(/loopback/);
    expect(value('ipv6', 'fe80::1').warnings[0]).toMatch(/linkLocal/);
    expect(value('cidr', '198.18.0.0/8').warnings.some((w) => w.includes('broad'))).toBe(true);
    expect(value('domain', 'update.microsoft.com').warnings[0]).toMatch(/well-known/);
    expect(value('domain', 'files.corp.internal').warnings[0]).toMatch(/do not resolve/);
    expect(value('url', 'https://192.168.1.10/login').warnings[0]).toMatch(/private/);
    expect(value('sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709').warnings[0]).toMatch(/empty file/);
    expect(value('ipv4', '203.0.113.7').warnings).toEqual(['203.0.113.7 is in a reserved range; it is not routable on the internet.']);
    expect(value('ipv4', '185.220.101.4').warnings).toEqual([]);
    expect(value('ipv4', '8.8.8.8').warnings[0]).toMatch(/public DNS resolver/);
    expect(value('ipv6', '2606:4700:4700::1111').warnings[0]).toMatch(/public DNS resolver/);
    expect(value('domain', 'cdn.cloudfront.net').warnings[0]).toMatch(/well-known/);
    expect(value('domain', 'notmicrosoft.com').warnings).toEqual([]);
  });
});
