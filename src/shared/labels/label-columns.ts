/**
 * The flat form of a label that every labelled table stores (columns the read rule compiles to SQL
 * against), and the mapping to a Label and back. Shared by the repositories, the domain and the
 * presenters, none of which then needs another's module for it.
 */
import { canonicalLabel } from './canonical-label';
import { classificationRank } from '../vocab/levels';
import type { Label } from './label';
import type { Classification, RecordState, Tlp } from '../vocab/levels';

/** The label columns of a labelled table. */
export interface LabelColumns {
  originator_nation: string;
  originator_org: string;
  classification: string;
  classification_rank: number;
  rel_to: string[];
  caveats: string[];
  tlp: string;
  recipient_orgs: string[];
  recipient_users: string[];
  state: string;
  label_version: number;
}

/** The label columns every labelled table carries, in one list for selects. */
export const LABEL_COLUMN_NAMES = [
  'originator_nation',
  'originator_org',
  'classification',
  'classification_rank',
  'rel_to',
  'caveats',
  'tlp',
  'recipient_orgs',
  'recipient_users',
  'state',
  'label_version',
] as const satisfies readonly (keyof LabelColumns)[];

/** Written in the label's canonical form, whichever path wrote it (API, import, TAXII add, federation apply, demo). */
export function labelToColumns(given: Label): LabelColumns {
  const label = canonicalLabel(given);
  return {
    originator_nation: label.originator.nation,
    originator_org: label.originator.org,
    classification: label.classification,
    classification_rank: classificationRank(label.classification),
    rel_to: label.relTo,
    caveats: label.caveats,
    tlp: label.tlp,
    recipient_orgs: label.recipients.orgs,
    recipient_users: label.recipients.users,
    state: label.state,
    label_version: label.version,
  };
}

/** Read in canonical form too: rows written before labels were canonical may hold their lists in another order. */
export function labelFromColumns(row: LabelColumns): Label {
  return canonicalLabel({
    originator: { nation: row.originator_nation, org: row.originator_org },
    classification: row.classification as Classification,
    relTo: row.rel_to,
    caveats: row.caveats,
    tlp: row.tlp as Tlp,
    recipients: { orgs: row.recipient_orgs, users: row.recipient_users },
    state: row.state as RecordState,
    version: row.label_version,
  });
}
