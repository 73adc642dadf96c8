import { describe, expect, it } from 'vitest';
import { refang } from './refang';

describe('refang', () => {
  it.each([
    ['hxxp://evil[.]example[.]org/a', 'http://evil.example.org/a'],
    ['hXXps[:]//evil(.)example{.}org/a', 'https://evil.example.org/a'],
    ['hxxps[://]evil[dot]org', 'https://evil.org'],
    ['h**p://evil.org/x[/]y', 'http://evil.org/x/y'],
    ['fxp://files[.]evil[.]org/drop', 'ftp://files.evil.org/drop'],
    ['203.0.113[.]7', '203.0.113.7'],
    ['203[.]0[.]113[.]7', '203.0.113.7'],
    ['2001:db8[:]:1', '2001:db8::1'],
    ['courier[at]mail[.]example-ops[.]net', 'courier@mail.example-ops.net'],
    ['courier [at] mail [dot] example-ops [dot] net', 'courier@mail.example-ops.net'],
    ['courier(@)mail.example-ops.net', 'courier@mail.example-ops.net'],
    ['evil dot example dot org', 'evil.example.org'],
  ])('%s → %s', (defanged, fanged) => {
    expect(refang(defanged)).toBe(fanged);
  });

  it('leaves ordinary values as they are', () => {
    for (const value of [
      'http://[2001:db8::1]/x',
      'https://express.com/a.b?q=[x]',
      'd41d8cd98f00b204e9800998ecf8427e',
      'hxxpress.org',
      'at.example.org',
      'dotnet.example.org',
    ])
      expect(refang(value)).toBe(value);
  });
});
