/**
 * A built-in community every nation of the federation belongs to. `relTo: ['ALL-PARTNERS']` is
 * the unrestricted release that TLP:CLEAR requires.
 */
export const ALL_NATIONS_COMMUNITY = 'ALL-PARTNERS';

/** Nations are ISO 3166-1 alpha-3; community codes are longer, so the two never collide. */
export const NATION_CODE_PATTERN = /^[A-Z]{3}$/;
export const COMMUNITY_CODE_PATTERN = /^[A-Z][A-Z0-9-]{3,31}$/;
export const CAVEAT_CODE_PATTERN = /^[A-Z][A-Z0-9]{1,15}$/;

export function isNationCode(code: string): boolean {
  return NATION_CODE_PATTERN.test(code);
}
