/**
 * "Who will be able to read this?" — evaluated before anything is saved, with the same rule the
 * read paths use, over the accounts of the directory as they are now.
 */
import { canRead } from '../../../shared/labels/read-rule';
import { formatMarking } from '../../../shared/labels/format-label';
import { validateLabel } from '../../../shared/labels/validate-label';
import { userRepository } from '../../db/repositories/user-repository';
import { AppError } from '../app-error';
import { loadLabelDirectory } from '../directory/directory-service';
import { readerOf } from '../auth/load-actor';
import type { LabelInput } from '../../../shared/labels/label';
import type { Context } from '../../context';
import type { UserActor } from '../auth/actor';

export async function previewAudience(ctx: Context, actor: UserActor, input: LabelInput) {
  const db = ctx.database.db;
  const checked = validateLabel(input, { nation: actor.org.nation, org: actor.org.id }, await loadLabelDirectory(db, [input]));
  if (!checked.ok)
    throw new AppError('VALIDATION_FAILED', `The label is not valid: ${checked.issues.map((i) => i.message).join(' ')}`, checked.issues);
  const users = (await userRepository(db).list({})).filter((u) => !u.disabled_at);
  const nations = new Map<string, number>();
  const orgs = new Map<string, { name: string; nation: string }>();
  let count = 0;
  for (const u of users) {
    if (!canRead(readerOf(u), checked.label)) continue;
    count++;
    nations.set(u.nation, (nations.get(u.nation) ?? 0) + 1);
    orgs.set(u.org_id, { name: u.org_name, nation: u.nation });
  }
  return {
    marking: formatMarking(checked.label),
    users: count,
    nations: [...nations.entries()].map(([code, users]) => ({ code, users })).sort((a, b) => a.code.localeCompare(b.code)),
    organisations: [...orgs.entries()]
      .map(([id, o]) => ({ id, ...o }))
      .sort((a, b) => a.nation.localeCompare(b.nation) || a.name.localeCompare(b.name)),
  };
}

/**
 * People who may be named as TLP:RED recipients of a record with this label: those who pass every
 * other step of the rule (so naming them lets them read it), matching `q` in their name. A picker
 * offers no one the rest of the label would keep out.
 */
export async function redRecipientCandidates(ctx: Context, actor: UserActor, input: LabelInput, q: string) {
  const db = ctx.database.db;
  const asShared: LabelInput = { ...input, tlp: 'GREEN', recipients: { orgs: [], users: [] } };
  const checked = validateLabel(asShared, { nation: actor.org.nation, org: actor.org.id }, await loadLabelDirectory(db, [asShared]));
  if (!checked.ok)
    throw new AppError('VALIDATION_FAILED', `The label is not valid: ${checked.issues.map((i) => i.message).join(' ')}`, checked.issues);
  const needle = q.trim().toLowerCase();
  const users = (await userRepository(db).list({})).filter(
    (u) => !u.disabled_at && (u.username.toLowerCase().includes(needle) || u.display_name.toLowerCase().includes(needle)),
  );
  const found = [];
  for (const u of users) {
    if (!canRead(readerOf(u), checked.label)) continue;
    found.push({ id: u.id, username: u.username, displayName: u.display_name, organisation: u.org_name, nation: u.nation });
    if (found.length === 20) break;
  }
  return found;
}
