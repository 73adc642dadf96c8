/**
 * Changes to the directory — nations, organisations, communities and their membership, caveats.
 * Console only for now (`concord directory`); every change is audited. Membership is versioned:
 * leaving ends the current row, so who belonged when stays answerable.
 */
import { directoryId } from './directory-ids';
import { CAVEAT_CODE_PATTERN, COMMUNITY_CODE_PATTERN, NATION_CODE_PATTERN } from '../../../shared/vocab/communities';
import { directoryRepository } from '../../db/repositories/directory-repository';
import { AppError } from '../app-error';
import { appendAudit } from '../audit/audit-log';
import type { Context } from '../../context';
import type { Actor } from '../auth/actor';

const invalid = (path: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path, message }]);

export async function addNation(ctx: Context, actor: Actor, code: string, name: string): Promise<void> {
  if (!NATION_CODE_PATTERN.test(code)) throw invalid('code', `"${code}" is not an ISO 3166-1 alpha-3 code (three capital letters).`);
  if (!name.trim()) throw invalid('name', 'Give the nation a name.');
  await ctx.database.transaction(async (tx) => {
    await directoryRepository(tx.db).insertNation(code, name.trim());
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'directory.nation-add', target: { kind: 'nation', id: code }, details: { name } },
    ]);
  });
}

export async function addOrganisation(
  ctx: Context,
  actor: Actor,
  input: { nation: string; name: string; clientOf?: string | null },
): Promise<string> {
  const repo = directoryRepository(ctx.database.db);
  if (!(await repo.nations()).some((n) => n.code === input.nation))
    throw invalid('nation', `Unknown nation "${input.nation}"; add it first.`);
  if (!input.name.trim()) throw invalid('name', 'Give the organisation a name.');
  if (await repo.organisationByName(input.nation, input.name.trim()))
    throw new AppError('CONFLICT', `${input.nation} already has an organisation named "${input.name}".`);
  let clientOf: string | null = null;
  if (input.clientOf) {
    const orgs = await repo.organisations();
    const parent = orgs.find((o) => o.id === input.clientOf || o.name === input.clientOf);
    if (!parent) throw invalid('clientOf', `Unknown organisation "${input.clientOf}".`);
    clientOf = parent.id;
  }
  // Named by nation and name: partner nodes that enter the same organisation agree on its id.
  const id = directoryId('org', input.nation, input.name.trim());
  await ctx.database.transaction(async (tx) => {
    await directoryRepository(tx.db).insertOrganisation({ id, nation: input.nation, name: input.name.trim(), client_of: clientOf });
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'directory.org-add', target: { kind: 'organisation', id }, details: { nation: input.nation, name: input.name, clientOf } },
    ]);
  });
  return id;
}

export async function addCommunity(ctx: Context, actor: Actor, code: string, name: string): Promise<void> {
  if (!COMMUNITY_CODE_PATTERN.test(code))
    throw invalid('code', `"${code}" is not a community code: 4–32 capital letters, digits or dashes, starting with a letter.`);
  await ctx.database.transaction(async (tx) => {
    await directoryRepository(tx.db).insertCommunity(code, name.trim() || code);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'directory.community-add', target: { kind: 'community', id: code }, details: { name } },
    ]);
  });
}

export async function setCommunityMembership(
  ctx: Context,
  actor: Actor,
  community: string,
  nation: string,
  member: boolean,
): Promise<void> {
  const repo = directoryRepository(ctx.database.db);
  if (!(await repo.communities()).some((c) => c.code === community)) throw invalid('community', `Unknown community "${community}".`);
  if (!(await repo.nations()).some((n) => n.code === nation)) throw invalid('nation', `Unknown nation "${nation}".`);
  const current = (await repo.communitiesOfNation(nation)).includes(community);
  if (current === member) return;
  await ctx.database.transaction(async (tx) => {
    const now = ctx.clock.now();
    if (member) await directoryRepository(tx.db).addMembership(community, nation, now);
    else await directoryRepository(tx.db).endMembership(community, nation, now);
    await appendAudit(tx.db, ctx.clock, actor, [
      {
        action: member ? 'directory.community-join' : 'directory.community-leave',
        target: { kind: 'community', id: community },
        details: { nation },
      },
    ]);
  });
}

export async function addCaveat(ctx: Context, actor: Actor, code: string, name: string): Promise<void> {
  if (!CAVEAT_CODE_PATTERN.test(code))
    throw invalid('code', `"${code}" is not a caveat code: 2–16 capital letters or digits, starting with a letter.`);
  await ctx.database.transaction(async (tx) => {
    await directoryRepository(tx.db).insertCaveat(code, name.trim() || code);
    await appendAudit(tx.db, ctx.clock, actor, [
      { action: 'directory.caveat-add', target: { kind: 'caveat', id: code }, details: { name } },
    ]);
  });
}
