/**
 * Raising an alert: the label must let every chosen desk's nation read it, so choosing a desk
 * ticks its nation under "Releasable to", and un-choosing it takes off a nation that was ticked
 * only for that desk. Nations the person ticked themselves stay.
 */
export function followDesks(
  label: { relTo: string[] },
  addedForDesks: readonly string[],
  deskNations: readonly string[],
  ownNation: string,
): { relTo: string[]; addedForDesks: string[] } {
  const wanted = [...new Set(deskNations.filter((n) => n !== ownNation))];
  const kept = label.relTo.filter((n) => wanted.includes(n) || !addedForDesks.includes(n));
  const adding = wanted.filter((n) => !kept.includes(n));
  return {
    relTo: [...kept, ...adding],
    addedForDesks: [...addedForDesks.filter((n) => wanted.includes(n) && kept.includes(n)), ...adding],
  };
}
