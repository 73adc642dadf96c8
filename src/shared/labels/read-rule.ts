/**
 * THE releasability rule, defined once as a condition over label fields. Two forms are
 * generated from it: `evaluateCondition` (in memory, for single records, streams and federation)
 * and the SQL compiler in src/server/db/repositories/sql/releasability-sql.ts (for queries). Nothing else may
 * decide who reads what.
 */
import { classificationRank } from '../vocab/levels';
import { PARENT_KIND } from '../vocab/record-kinds';
import type { Label, Reader } from './label';
import type { Classification } from '../vocab/levels';

export type ScalarField = 'originatorOrg' | 'originatorNation' | 'state' | 'tlp';
export type ArrayField = 'relTo' | 'caveats' | 'recipientOrgs' | 'recipientUsers';
export type RankField = 'classificationRank';

export type Condition =
  | { kind: 'all'; of: Condition[] }
  | { kind: 'any'; of: Condition[] }
  | { kind: 'equals'; field: ScalarField; value: string }
  | { kind: 'oneOf'; field: ScalarField; values: string[] }
  | { kind: 'atMost'; field: RankField; value: number }
  /** every element of the label's array is one of `values` */
  | { kind: 'subsetOf'; field: ArrayField; values: string[] }
  /** the label's array shares at least one element with `values` */
  | { kind: 'intersects'; field: ArrayField; values: string[] }
  /**
   * the record's parent — its current label — passes `of` (for a kind read through a parent,
   * shared/vocab/record-kinds.ts); a record whose parent is not here does not pass. `of` may ask of
   * the parent's own parent in turn (a chain: minutes → agenda item → meeting).
   */
  | { kind: 'parent'; of: Condition };

const all = (...of: Condition[]): Condition => ({ kind: 'all', of });
const any = (...of: Condition[]): Condition => ({ kind: 'any', of });
const equals = (field: ScalarField, value: string): Condition => ({ kind: 'equals', field, value });
/** A condition known before any label is looked at (an empty `all` holds, an empty `any` does not). */
const constant = (holds: boolean): Condition => (holds ? all() : any());

/** Step 1 of the rule: clearance and compartments are personal; they bind everyone. */
function clearanceSteps(clearance: Classification, caveats: string[]): Condition[] {
  return [
    { kind: 'atMost', field: 'classificationRank', value: classificationRank(clearance) },
    { kind: 'subsetOf', field: 'caveats', values: [...caveats] },
  ];
}

/** Step 3's audience: an active record released to the nation (directly or through a community it belongs to now). */
function audienceSteps(nation: string, communities: string[]): Condition[] {
  return [
    equals('state', 'active'),
    any(equals('originatorNation', nation), { kind: 'intersects', field: 'relTo', values: [nation, ...communities] }),
  ];
}

/** May user `reader` read a record? (docs/RELEASABILITY.md, "The read rule", steps 1–3.) */
export function readRule(reader: Reader): Condition {
  const amberOrgs = reader.clientOf ? [reader.org, reader.clientOf] : [reader.org];
  const namedRecipient: Condition = { kind: 'intersects', field: 'recipientUsers', values: [reader.userId] };
  return all(
    // Step 1
    ...clearanceSteps(reader.clearance, reader.caveats),
    any(
      // Step 2: the originating organisation, drafts and recalled records included; TLP:RED only to
      // its named people (the author is always one) and the organisation's releasing officers.
      all(
        equals('originatorOrg', reader.org),
        any(
          { kind: 'oneOf', field: 'tlp', values: ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'] },
          namedRecipient,
          constant(reader.releasingOfficer),
        ),
      ),
      // Step 3: everyone else the label releases it to, through the TLP gate.
      all(
        ...audienceSteps(reader.nation, reader.communities),
        any(
          { kind: 'oneOf', field: 'tlp', values: ['CLEAR', 'GREEN'] },
          all(equals('tlp', 'AMBER'), { kind: 'intersects', field: 'recipientOrgs', values: amberOrgs }),
          all(equals('tlp', 'AMBER+STRICT'), { kind: 'intersects', field: 'recipientOrgs', values: [reader.org] }),
          all(equals('tlp', 'RED'), namedRecipient),
        ),
      ),
    ),
  );
}

/** The facts about a peer node that the node rule needs. */
export interface NodeAudience {
  nation: string;
  communities: string[];
  accreditation: Classification;
  caveats: string[];
  /** Organisations and users that live on that node. */
  orgs: string[];
  users: string[];
}

/** May node `node` receive a record? (docs/RELEASABILITY.md, "The node rule".) */
export function nodeRule(node: NodeAudience): Condition {
  return all(
    ...clearanceSteps(node.accreditation, node.caveats),
    ...audienceSteps(node.nation, node.communities),
    any(
      { kind: 'oneOf', field: 'tlp', values: ['CLEAR', 'GREEN'] },
      all(
        { kind: 'oneOf', field: 'tlp', values: ['AMBER', 'AMBER+STRICT'] },
        { kind: 'intersects', field: 'recipientOrgs', values: node.orgs },
      ),
      all(equals('tlp', 'RED'), { kind: 'intersects', field: 'recipientUsers', values: node.users }),
    ),
  );
}

function scalar(label: Label, field: ScalarField): string {
  switch (field) {
    case 'originatorOrg':
      return label.originator.org;
    case 'originatorNation':
      return label.originator.nation;
    case 'state':
      return label.state;
    case 'tlp':
      return label.tlp;
  }
}

function array(label: Label, field: ArrayField): string[] {
  switch (field) {
    case 'relTo':
      return label.relTo;
    case 'caveats':
      return label.caveats;
    case 'recipientOrgs':
      return label.recipients.orgs;
    case 'recipientUsers':
      return label.recipients.users;
  }
}

/**
 * The rule for a record of `kind`: `rule` for its own label and, for a kind read through a parent,
 * the record rule of the parent's kind for its parent — so a chain of parents is checked to its
 * root (docs/RELEASABILITY.md, "Read through a parent").
 */
export function recordRule(kind: string, rule: Condition): Condition {
  const parent = parentRule(kind, rule);
  return parent ? all(rule, parent) : rule;
}

/** The part of `recordRule` that asks of the record's parents: none for a kind not read through one. */
export function parentRule(kind: string, rule: Condition): Condition | null {
  const parentKind = Object.hasOwn(PARENT_KIND, kind) ? PARENT_KIND[kind] : undefined;
  return parentKind ? { kind: 'parent', of: recordRule(parentKind, rule) } : null;
}

/**
 * The in-memory form of a condition. `parents` are the current labels of the record's parents that
 * are here, nearest first (its parent, then the parent's parent, …).
 */
export function evaluateCondition(condition: Condition, label: Label, parents: readonly Label[] = []): boolean {
  switch (condition.kind) {
    case 'all':
      return condition.of.every((c) => evaluateCondition(c, label, parents));
    case 'any':
      return condition.of.some((c) => evaluateCondition(c, label, parents));
    case 'parent':
      return parents.length > 0 && evaluateCondition(condition.of, parents[0]!, parents.slice(1));
    case 'equals':
      return scalar(label, condition.field) === condition.value;
    case 'oneOf':
      return condition.values.includes(scalar(label, condition.field));
    case 'atMost':
      return classificationRank(label.classification) <= condition.value;
    case 'subsetOf':
      return array(label, condition.field).every((v) => condition.values.includes(v));
    case 'intersects':
      return array(label, condition.field).some((v) => condition.values.includes(v));
  }
}

export function canRead(reader: Reader, label: Label): boolean {
  return evaluateCondition(readRule(reader), label);
}

export function canReceive(node: NodeAudience, label: Label): boolean {
  return evaluateCondition(nodeRule(node), label);
}

/**
 * May `reader` read a record of `kind` under `label`, whose parents (if its kind is read through
 * one) are under `parents`, nearest first?
 */
export function canReadRecord(reader: Reader, kind: string, label: Label, parents: readonly Label[] = []): boolean {
  return evaluateCondition(recordRule(kind, readRule(reader)), label, parents);
}
