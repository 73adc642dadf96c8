/**
 * How every CSV export writes a text cell, so that a spreadsheet opening the file runs nothing
 * (OWASP, CSV injection): text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return (or
 * the full-width `＝＋－＠` some spreadsheets fold into them) gets a leading apostrophe and is
 * quoted. Values an export passes as numbers (coordinates, versions, distances) are not text and
 * stay as they are: a negative latitude is written -33.9, the number a spreadsheet should read;
 * a number that arrives as text (`"-5"` in a title) is text and is neutralised like any other.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** csv-stringify's `cast.string`: every CSV writer passes it (`cast: { string: formulaSafeCell }`). */
export function formulaSafeCell(value: string): string | { value: string; quoted: true } {
  return FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value;
}
