import { z } from 'zod';
import { CLASSIFICATION_LEVELS, RECORD_STATES, TLP_LEVELS } from '../vocab/levels';
import type { Classification, RecordState, Tlp } from '../vocab/levels';

/** The label every shareable record carries (see RELEASABILITY.md). */
export interface Label {
  /** Set by the server from the author, never from input. */
  originator: { nation: string; org: string };
  classification: Classification;
  /** Nations and communities; always contains the originator's nation. */
  relTo: string[];
  caveats: string[];
  tlp: Tlp;
  /** Named recipient organisations (AMBER, AMBER+STRICT) and users (RED). */
  recipients: { orgs: string[]; users: string[] };
  state: RecordState;
  version: number;
}

/** The facts about a reader that the rule needs, loaded fresh for every request. */
export interface Reader {
  userId: string;
  nation: string;
  org: string;
  /** The organisation this reader's organisation is a registered client of, if any. */
  clientOf: string | null;
  clearance: Classification;
  caveats: string[];
  /** Communities the reader's nation belongs to now. */
  communities: string[];
  /** Whether the reader is a releasing officer (of `org`): they read their organisation's TLP:RED records. */
  releasingOfficer: boolean;
}

const code = z.string().min(1).max(32);

/** What a client may send to label a record. Originator, state and version are the server's. */
export const labelInputSchema = z.strictObject({
  classification: z.enum(CLASSIFICATION_LEVELS),
  relTo: z.array(code).max(64).default([]),
  caveats: z.array(code).max(32).default([]),
  tlp: z.enum(TLP_LEVELS),
  recipients: z
    .strictObject({
      orgs: z.array(z.string().min(1).max(64)).max(64).default([]),
      users: z.array(z.string().min(1).max(64)).max(64).default([]),
    })
    .default({ orgs: [], users: [] }),
});
export type LabelInput = z.infer<typeof labelInputSchema>;

/** A label on the wire, as presenters send it. */
export const labelSchema = z.object({
  originator: z.object({ nation: z.string(), org: z.string() }),
  classification: z.enum(CLASSIFICATION_LEVELS),
  relTo: z.array(z.string()),
  caveats: z.array(z.string()),
  tlp: z.enum(TLP_LEVELS),
  recipients: z.object({ orgs: z.array(z.string()), users: z.array(z.string()) }),
  state: z.enum(RECORD_STATES),
  version: z.number().int(),
  marking: z.string(),
});
