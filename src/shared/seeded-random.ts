/** mulberry32: a small seeded generator for demo data and property tests (not for secrets). */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const subset = <T>(items: readonly T[], p = 0.3): T[] => items.filter(() => next() < p);
  const weighted = <T>(items: [T, number][]): T => {
    const total = items.reduce((sum, [, weight]) => sum + weight, 0);
    let r = next() * total;
    for (const [item, weight] of items) if ((r -= weight) < 0) return item;
    return items[0]![0];
  };
  return { next, pick, subset, weighted, chance: (p: number) => next() < p };
}
export type SeededRandom = ReturnType<typeof seededRandom>;
