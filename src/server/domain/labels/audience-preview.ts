/**
 * "Who will be able to read this?" — evaluated before anything is saved, with the same rule the
 * read paths use, over the accounts of the directory as they are now.
 *
 * Clearances and compartments are each nation's own business: a preview or a picker must not let
 * anyone sort another nation's staff by them (by trying labels and watching counts change). So
 * only the writer's own nation is counted person by person; other nations are named as the label's
 * audience — decided from the label alone, whose clearances then decide who of them reads it.
 */
import { canRead } from '../../../shared/labels/read-rule';
import { formatMarking } from '../../../shared/labels/format-label';
import { validateLabel } from '../../../shared/labels/validate-label';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { loadLabelDirectory } from '../directory/directory-service';
import { readerOf } from '../auth/load-actor';
import type { Label, LabelInput } from '../../../shared/labels/label';
import type { LabelDirectory } from '../../../shared/labels/validate-label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

/** A label as `actor` would write it, or a 400 with every issue. */
async function checkedLabel(ctx: Context, actor: UserActor, input: LabelInput): Promise<{ label: Label; directory: LabelDirectory }> {
  const directory = await loadLabelDirectory(ctx.database.db, [input]);
  const checked = validateLabel(input, { nation: actor.org.nation, org: actor.org.id, user: actor.user.id }, directory);
  if (!checked.ok)
    throw new AppError('VALIDATION_FAILED', `The label is not valid: ${checked.issues.map((i) => i.message).join(' ')}`, checked.issues);
  return { label: checked.label, directory };
}

/** The nations a label releases to (relTo's nations and its communities' members now), the originator's included. */
function releasedNations(label: Label, directory: LabelDirectory): Set<string> {
  const nations = new Set([label.originator.nation]);
  for (const entry of label.relTo) {
    if (directory.nations.has(entry)) nations.add(entry);
    for (const member of directory.communities.get(entry) ?? []) nations.add(member);
  }
  return nations;
}

export async function previewAudience(ctx: Context, actor: UserActor, input: LabelInput) {
  const { label, directory } = await checkedLabel(ctx, actor, input);
  const own = actor.org.nation;
  const users = (await userRepository(ctx.database.db).list({ nation: own })).filter((u) => !u.disabled_at && u.nation === own);
  let count = 0;
  const orgs = new Map<string, { name: string; nation: string }>();
  for (const u of users) {
    if (!canRead(readerOf(u), label)) continue;
    count++;
    orgs.set(u.org_id, { name: u.org_name, nation: u.nation });
  }
  // Other nations: from the label alone — released to them, and through the TLP gate by whom it names.
  const released = releasedNations(label, directory);
  const named =
    label.tlp === 'AMBER' || label.tlp === 'AMBER+STRICT'
      ? new Set(label.recipients.orgs.map((o) => directory.orgs.get(o)?.nation))
      : label.tlp === 'RED'
        ? new Set(label.recipients.users.map((u) => directory.users.get(u)?.nation))
        : null;
  const others = [...released].filter((nation) => nation !== own && (named === null || named.has(nation))).sort();
  const namedOrgs = label.tlp === 'AMBER' || label.tlp === 'AMBER+STRICT' ? label.recipients.orgs : [];
  const orgNames = await directoryRepository(ctx.database.db).organisationsByIds(namedOrgs.filter((o) => !orgs.has(o)));
  for (const org of orgNames) if (others.includes(org.nation)) orgs.set(org.id, { name: org.name, nation: org.nation });
  return {
    marking: formatMarking(label),
    users: count,
    nations: [{ code: own, users: count }, ...others.map((code) => ({ code }))],
    organisations: [...orgs.entries()]
      .map(([id, o]) => ({ id, ...o }))
      .sort((a, b) => a.nation.localeCompare(b.nation) || a.name.localeCompare(b.name)),
  };
}

/** Fewest characters of a name before people of other nations are offered: a picker finds people, it does not list them. */
export const FOREIGN_SEARCH_MIN = 3;

/**
 * People who may be named as TLP:RED recipients of a record with this label, matching `q` in their
 * name: in the writer's own nation, those who pass every other step of the rule (naming them lets
 * them read it); in the other nations the label releases to, anyone whose name matches at least
 * FOREIGN_SEARCH_MIN characters — never sorted by clearance or caveats, which their nation keeps
 * to itself (it decides on its own readers). Only what addressing needs: a name, an organisation, a nation.
 */
export async function redRecipientCandidates(ctx: Context, actor: UserActor, input: LabelInput, q: string) {
  const asShared: LabelInput = { ...input, tlp: 'GREEN', recipients: { orgs: [], users: [] } };
  const { label, directory } = await checkedLabel(ctx, actor, asShared);
  const needle = q.trim().toLowerCase();
  const released = releasedNations(label, directory);
  const own = actor.org.nation;
  const users = (await userRepository(ctx.database.db).list({})).filter(
    (u) =>
      !u.disabled_at &&
      released.has(u.nation) &&
      (u.nation === own
        ? u.username.toLowerCase().includes(needle) || u.display_name.toLowerCase().includes(needle)
        : needle.length >= FOREIGN_SEARCH_MIN && u.display_name.toLowerCase().includes(needle)),
  );
  const found = [];
  for (const u of users) {
    if (u.nation === own && !canRead(readerOf(u), label)) continue;
    found.push({
      id: u.id,
      displayName: u.display_name,
      organisation: u.org_name,
      nation: u.nation,
      ...(u.nation === own ? { username: u.username } : {}),
    });
    if (found.length === 20) break;
  }
  return found;
}
