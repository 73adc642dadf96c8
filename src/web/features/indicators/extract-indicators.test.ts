import { describe, expect, it } from 'vitest';
import { extractIndicators } from './extract-indicators';

describe('indicator extraction from free text', () => {
  it('finds defanged and plain indicators of every type, each once', () => {
    const text = [
      'The dropper came from hxxps[:]//cdn-update[.]evil-example[.]org/a/b.bin and called home to 185.220.101[.]4',
      'and 2001:db8:7::5. Phishing mails were sent from courier[at]mail[.]example-ops[.]net (also courier@mail.example-ops.net).',
      'Payload hashes: D41D8CD98F00B204E9800998ECF8427E, da39a3ee5e6b4b0d3255bfef95601890afd80709 and',
      `${'ab'.repeat(32)}. See report.pdf, version 1.2.3. Also hXXp://second-stage[.]example[.]com/x`,
    ].join('\n');
    const found = extractIndicators(text);
    const byType = (type: string) => found.filter((c) => c.type === type).map((c) => c.value);
    expect(byType('url').sort()).toEqual(['http://second-stage.example.com/x', 'https://cdn-update.evil-example.org/a/b.bin']);
    expect(byType('domain')).toContain('cdn-update.evil-example.org');
    expect(byType('domain')).toContain('mail.example-ops.net');
    expect(byType('domain')).not.toContain('report.pdf');
    expect(byType('ipv4')).toEqual(['185.220.101.4']);
    expect(byType('ipv6')).toEqual(['2001:db8:7::5']);
    expect(byType('email')).toEqual(['courier@mail.example-ops.net']);
    expect(byType('md5')).toEqual(['d41d8cd98f00b204e9800998ecf8427e']);
    expect(byType('sha1')).toEqual(['da39a3ee5e6b4b0d3255bfef95601890afd80709']);
    expect(byType('sha256')).toEqual(['ab'.repeat(32)]);
    expect(byType('ipv4')).not.toContain('1.2.3');
  });

  it('finds nothing in text without indicators', () => {
    expect(extractIndicators('Meeting at noon (at the usual place). Nothing to report.')).toEqual([]);
  });
});
