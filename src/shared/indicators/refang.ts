/**
 * Undoes the usual ways analysts defang indicators so that nobody clicks them by accident:
 * `hxxp://`, `fxp://`, `[.]`, `(.)`, `{.}`, `[dot]`, `[:]`, `[://]`, `[/]`, `[at]`, `[@]` and the like.
 * Shared by the server (every write path normalises through it) and the web app (bulk paste), so
 * both read a defanged value the same way. A value that is not defanged comes back unchanged.
 */
const OPEN = String.raw`[\[({]`;
const CLOSE = String.raw`[\])}]`;
const wrapped = (inner: string) => new RegExp(String.raw`\s*${OPEN}\s*(?:${inner})\s*${CLOSE}\s*`, 'gi');

const TEXT_RULES: [RegExp, string][] = [
  [wrapped(String.raw`:\/\/`), '://'],
  [wrapped(':'), ':'],
  [wrapped(String.raw`\/`), '/'],
  [wrapped(String.raw`\.|dot`), '.'],
  [wrapped('@|at'), '@'],
  [/\bh(?:xx|XX|\*\*|tt)p(s?)(?=:\/\/)/gi, 'http$1'],
  [/\bfxp(s?)(?=:\/\/)/gi, 'ftp$1'],
];
/** A dot written as a word between spaces (`example dot org`): only in a single value, never in prose. */
const VALUE_RULES: [RegExp, string][] = [...TEXT_RULES, [/(?<=\w) dot (?=\w)/gi, '.']];

const apply = (rules: [RegExp, string][], text: string) => rules.reduce((result, [pattern, to]) => result.replace(pattern, to), text);

/** One indicator value, refanged. */
export const refang = (value: string): string => apply(VALUE_RULES, value.trim());

/** Free text (a pasted report) with its defanged indicators refanged and the prose left alone. */
export const refangText = (text: string): string => apply(TEXT_RULES, text);
