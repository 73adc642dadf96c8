/**
 * An independent reading of RELEASABILITY.md's read rule, used only by tests. Written separately
 * from src/shared/labels (no shared code, its own tables) so a mistake in one shows up as a
 * disagreement with the other.
 */

export interface OracleUser {
  id: string;
  nation: string;
  org: string;
  orgIsClientOf: string | null;
  clearance: string;
  caveats: string[];
  /** Holds the releasing-officer role (in its own organisation). */
  releasingOfficer: boolean;
}

export interface OracleLabel {
  originatorNation: string;
  originatorOrg: string;
  classification: string;
  relTo: string[];
  caveats: string[];
  tlp: string;
  recipientOrgs: string[];
  recipientUsers: string[];
  state: string;
}

/** Community membership as of now: community → nations. */
export type OracleMembership = Record<string, string[]>;

const LEVEL: Record<string, number> = { UNCLASSIFIED: 10, RESTRICTED: 20, CONFIDENTIAL: 30, SECRET: 40 };

type Gate = (user: OracleUser, label: OracleLabel) => boolean;

/** Step 6, as a table: one gate per TLP value. */
const TLP_GATE: Record<string, Gate> = {
  CLEAR: () => true,
  GREEN: () => true,
  AMBER: (u, l) => l.recipientOrgs.includes(u.org) || (u.orgIsClientOf !== null && l.recipientOrgs.includes(u.orgIsClientOf)),
  'AMBER+STRICT': (u, l) => l.recipientOrgs.includes(u.org),
  RED: (u, l) => l.recipientUsers.includes(u.id),
};

export function oracleMayRead(user: OracleUser, label: OracleLabel, membership: OracleMembership): boolean {
  // Step 1, for everyone (the originating organisation included): clearance and compartments.
  const cleared = (LEVEL[user.clearance] ?? -1) >= (LEVEL[label.classification] ?? Number.POSITIVE_INFINITY);
  const compartments = label.caveats.every((c) => user.caveats.includes(c));
  if (!cleared || !compartments) return false;
  // Step 2: the originating organisation reads its own, drafts and recalled ones too — but a RED one
  // only if named (its author always is) or a releasing officer.
  if (label.originatorOrg === user.org) {
    if (label.tlp !== 'RED') return true;
    if (user.releasingOfficer || label.recipientUsers.includes(user.id)) return true;
  }
  // Step 3: active, released to the nation, through the TLP gate.
  const steps: Gate[] = [
    (_u, l) => l.state === 'active',
    (u, l) =>
      u.nation === l.originatorNation ||
      l.relTo.includes(u.nation) ||
      l.relTo.some((entry) => (membership[entry] ?? []).includes(u.nation)),
    (u, l) => {
      const gate = TLP_GATE[l.tlp];
      return gate ? gate(u, l) : false;
    },
  ];
  return steps.every((step) => step(user, label));
}

/** A field group is visible when both its record's label and its own label pass. */
export function oracleMayReadField(user: OracleUser, record: OracleLabel, field: OracleLabel, membership: OracleMembership): boolean {
  return oracleMayRead(user, record, membership) && oracleMayRead(user, field, membership);
}

/** A peer node as the node rule sees it: its nation, its accreditation and caveats, who lives there. */
export interface OracleNode {
  nation: string;
  accreditation: string;
  caveats: string[];
  orgs: string[];
  users: string[];
}

/**
 * May a peer node receive a record (docs/RELEASABILITY.md, "The node rule")? Read separately from
 * src/shared/labels: the node holds the clearance and compartments of its accreditation, is an
 * audience like a user of its nation (an active record released to its nation, directly or through
 * a community it belongs to now), and passes the TLP gate as its organisations and users together.
 */
export function oracleMayReceive(node: OracleNode, label: OracleLabel, membership: OracleMembership): boolean {
  if ((LEVEL[node.accreditation] ?? -1) < (LEVEL[label.classification] ?? Number.POSITIVE_INFINITY)) return false;
  if (!label.caveats.every((c) => node.caveats.includes(c))) return false;
  if (label.state !== 'active') return false;
  const released =
    label.originatorNation === node.nation ||
    label.relTo.includes(node.nation) ||
    label.relTo.some((entry) => (membership[entry] ?? []).includes(node.nation));
  if (!released) return false;
  if (label.tlp === 'CLEAR' || label.tlp === 'GREEN') return true;
  if (label.tlp === 'AMBER' || label.tlp === 'AMBER+STRICT') return label.recipientOrgs.some((o) => node.orgs.includes(o));
  if (label.tlp === 'RED') return label.recipientUsers.some((u) => node.users.includes(u));
  return false;
}
