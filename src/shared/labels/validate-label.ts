import { ALL_NATIONS_COMMUNITY, isNationCode } from '../vocab/communities';
import { canonicalLabel } from './canonical-label';
import type { Label, LabelInput } from './label';

/** What write-time validation needs to know, preloaded by the caller (pure: no I/O here). */
export interface LabelDirectory {
  nations: ReadonlySet<string>;
  /** community code → member nations now (the built-in ALL-PARTNERS included). */
  communities: ReadonlyMap<string, ReadonlySet<string>>;
  caveats: ReadonlySet<string>;
  orgs: ReadonlyMap<string, { nation: string }>;
  users: ReadonlyMap<string, { nation: string; org: string }>;
}

export interface LabelIssue {
  path: string;
  message: string;
}

export type LabelValidation = { ok: true; label: Label } | { ok: false; issues: LabelIssue[] };

const unique = (values: string[]) => [...new Set(values)];

/**
 * Validates a label a client sent for a record authored by `author`. Fails closed: anything
 * unknown or contradictory is an issue, and nothing is silently dropped. A TLP:RED record always
 * names its author (`author.user`) among its recipients, as a label always names the originator's
 * nation in relTo: the read rule gives the originating organisation's TLP:RED records to named
 * people and releasing officers only.
 */
export function validateLabel(
  input: LabelInput,
  author: { nation: string; org: string; user?: string | undefined },
  directory: LabelDirectory,
  version = 1,
): LabelValidation {
  const issues: LabelIssue[] = [];
  const relTo = unique(input.relTo);
  const caveats = unique(input.caveats);
  const orgs = unique(input.recipients.orgs);
  const users = unique(input.recipients.users);

  for (const entry of relTo) {
    if (isNationCode(entry)) {
      if (!directory.nations.has(entry)) issues.push({ path: 'relTo', message: `Unknown nation "${entry}".` });
      continue;
    }
    const members = directory.communities.get(entry);
    if (!members) issues.push({ path: 'relTo', message: `Unknown nation or community "${entry}".` });
    else if (!members.has(author.nation))
      issues.push({ path: 'relTo', message: `Community "${entry}" may not be used by ${author.nation}: it is not a member.` });
  }
  for (const caveat of caveats) {
    if (!directory.caveats.has(caveat)) issues.push({ path: 'caveats', message: `Unknown caveat "${caveat}".` });
  }
  for (const org of orgs) {
    if (!directory.orgs.has(org)) issues.push({ path: 'recipients.orgs', message: `Unknown organisation "${org}".` });
  }
  for (const user of users) {
    if (!directory.users.has(user)) issues.push({ path: 'recipients.users', message: `Unknown user "${user}".` });
  }

  const others = relTo.filter((entry) => entry !== author.nation);
  switch (input.tlp) {
    case 'CLEAR':
      if (input.classification !== 'UNCLASSIFIED') issues.push({ path: 'classification', message: 'TLP:CLEAR requires UNCLASSIFIED.' });
      if (caveats.length > 0) issues.push({ path: 'caveats', message: 'TLP:CLEAR allows no caveats.' });
      if (others.length !== 1 || others[0] !== ALL_NATIONS_COMMUNITY)
        issues.push({ path: 'relTo', message: `TLP:CLEAR requires unrestricted release: relTo must be ["${ALL_NATIONS_COMMUNITY}"].` });
      if (orgs.length + users.length > 0) issues.push({ path: 'recipients', message: 'TLP:CLEAR takes no named recipients.' });
      break;
    case 'GREEN':
      if (orgs.length + users.length > 0) issues.push({ path: 'recipients', message: 'TLP:GREEN takes no named recipients.' });
      break;
    case 'AMBER':
    case 'AMBER+STRICT':
      if (orgs.length === 0)
        issues.push({ path: 'recipients.orgs', message: `TLP:${input.tlp} requires at least one named recipient organisation.` });
      if (users.length > 0) issues.push({ path: 'recipients.users', message: `TLP:${input.tlp} names organisations, not users.` });
      break;
    case 'RED':
      if (users.length === 0) issues.push({ path: 'recipients.users', message: 'TLP:RED requires at least one named recipient user.' });
      if (orgs.length > 0) issues.push({ path: 'recipients.orgs', message: 'TLP:RED names users, not organisations.' });
      if (author.user !== undefined && !users.includes(author.user)) users.push(author.user);
      break;
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    label: canonicalLabel({
      originator: { nation: author.nation, org: author.org },
      classification: input.classification,
      relTo: others,
      caveats,
      tlp: input.tlp,
      recipients: { orgs, users },
      state: 'active',
      version,
    }),
  };
}

/**
 * Does `next` keep every reader `previous` has — may everyone who could read `previous` read `next`?
 * A sufficient check on the labels alone: a classification no higher, no new caveat, no audience
 * removed, and a TLP gate that lets through everyone the old one did — a TLP:RED record's named
 * people stay readers only if `next` is RED naming them too, or AMBER/AMBER+STRICT naming each one's
 * organisation (`orgOfUser`; someone it does not know counts as cut off). Anything else narrows, and
 * narrowing is a partial recall.
 */
export function keepsEveryReader(previous: Label, next: Label, orgOfUser: (userId: string) => string | undefined): boolean {
  const levels = ['UNCLASSIFIED', 'RESTRICTED', 'CONFIDENTIAL', 'SECRET'];
  const superset = (a: string[], b: string[]) => b.every((x) => a.includes(x));
  if (next.originator.org !== previous.originator.org || next.originator.nation !== previous.originator.nation) return false;
  if (levels.indexOf(next.classification) > levels.indexOf(previous.classification)) return false;
  if (!superset(previous.caveats, next.caveats)) return false;
  if (!superset(next.relTo, previous.relTo)) return false;
  const namedOrgsKept = () => previous.recipients.users.every((user) => next.recipients.orgs.includes(orgOfUser(user) ?? '\0'));
  switch (next.tlp) {
    case 'CLEAR':
    case 'GREEN':
      return true;
    case 'AMBER':
      // AMBER also lets the named organisations' client organisations in: wider than AMBER+STRICT.
      if (previous.tlp === 'AMBER' || previous.tlp === 'AMBER+STRICT') return superset(next.recipients.orgs, previous.recipients.orgs);
      return previous.tlp === 'RED' && namedOrgsKept();
    case 'AMBER+STRICT':
      if (previous.tlp === 'AMBER+STRICT') return superset(next.recipients.orgs, previous.recipients.orgs);
      return previous.tlp === 'RED' && namedOrgsKept();
    case 'RED':
      return previous.tlp === 'RED' && superset(next.recipients.users, previous.recipients.users);
  }
}
