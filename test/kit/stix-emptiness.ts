/**
 * STIX 2.1 forbids null property values and empty lists (sections 3.1 and 2.x "list"): a
 * validator refuses both, at the top level and inside extensions. The paths of every one in a
 * value, for tests that walk whole bundles and every published object.
 */
export function nullsAndEmptyLists(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) {
    if (value.length === 0) return [path];
    return value.flatMap((item, index) => nullsAndEmptyLists(item, `${path}[${index}]`));
  }
  if (typeof value === 'object' && value !== undefined) {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => nullsAndEmptyLists(item, `${path}.${key}`));
  }
  return [];
}
