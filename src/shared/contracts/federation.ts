/** Peers: partner nodes pinned to their keys. */
import { z } from 'zod';
import { labelSchema } from '../labels/label';
import { CLASSIFICATION_LEVELS } from '../vocab/levels';

export const peerSchema = z.object({
  nodeId: z.string(),
  nation: z.string(),
  url: z.string(),
  publicKey: z.string(),
  addedAt: z.string(),
  /** The last time the peer answered a check or a call with the right identity. */
  lastContactAt: z.string().nullable(),
  /** The last failure to reach it, when it came after the last contact. */
  lastError: z.object({ message: z.string(), at: z.string() }).nullable(),
  /** What the node rule takes the peer to hold: records above it, or with other caveats, never go there. */
  accreditation: z.enum(CLASSIFICATION_LEVELS),
  caveats: z.array(z.string()),
  health: z.object({
    /** Whether the last call to it (a pull or a check) succeeded. */
    reachable: z.boolean(),
    lastPullAt: z.string().nullable(),
    /** Seconds since this node last pulled everything the peer had for it (null: never). */
    lagSeconds: z.number().nullable(),
    objectsIn: z.number(),
    objectsOut: z.number(),
    rejects: z.number(),
    /** Pulls from it that failed (unreachable, refused, cut off), counted since it was added. */
    pullFailures: z.number(),
    /** Paging cursors the peer refused (or handed unusable), each followed by a pull from the last good position. */
    cursorResets: z.number(),
    /** Recalls of this node's records the peer received and has not yet confirmed. */
    pendingReceipts: z.number(),
    recentRejects: z.array(z.object({ at: z.string(), stixId: z.string().nullable(), reason: z.string() })),
    /** When the peer's audit checkpoint held here was signed (it tells no entry count), and what was wrong with a later one (truncated, rewritten). */
    audit: z.object({
      at: z.string().nullable(),
      problem: z.object({ message: z.string(), at: z.string() }).nullable(),
    }),
  }),
});
export type Peer = z.infer<typeof peerSchema>;

const peerTrust = {
  accreditation: z.enum(CLASSIFICATION_LEVELS, { message: `The accreditation is one of ${CLASSIFICATION_LEVELS.join(', ')}.` }),
  caveats: z.array(z.string().trim().min(1).max(40)).max(50),
};

export const peerAddRequestSchema = z.strictObject({
  invite: z.string().trim().min(1, 'Paste the partner node’s invite.').max(4_000),
  /** Until set, the node rule takes the peer to hold UNCLASSIFIED and no caveats (fail closed). */
  accreditation: peerTrust.accreditation.default('UNCLASSIFIED'),
  caveats: peerTrust.caveats.default([]),
});

export const peerUpdateRequestSchema = z.strictObject(peerTrust);

export const peerParamsSchema = z.strictObject({ nodeId: z.uuid({ message: 'A node id is a UUID.' }) });

export const inviteSchema = z.object({
  invite: z.string(),
  nodeId: z.string(),
  nation: z.string(),
  url: z.string(),
  publicKey: z.string(),
});

/** What a node answers a partner node's hello: who it is. */
export const helloSchema = z.object({ nodeId: z.string(), nation: z.string(), publicKey: z.string(), time: z.string() });

/** What withholds a record from a partner node: one part of the node rule each. */
export const WITHHOLDINGS = ['accreditation', 'caveats', 'recipients', 'parent'] as const;

/**
 * This nation's records, among those the caller may read, that reach no partner node of an
 * audience their label names: per audience, in all, and the newest with what each missed and why.
 */
export const undeliveredSchema = z.object({
  audiences: z.array(z.object({ audience: z.string(), records: z.number() })),
  total: z.number(),
  items: z.array(
    z.object({
      kind: z.string(),
      id: z.string(),
      title: z.string().nullable(),
      label: labelSchema,
      modified: z.string(),
      /** Each nation or community named that no node receives it at: the pinned nodes it names (none: no node) and what withholds it from each. */
      missed: z.array(
        z.object({
          audience: z.string(),
          nodes: z.array(z.object({ nodeId: z.string(), nation: z.string(), withheldBy: z.array(z.enum(WITHHOLDINGS)) })),
        }),
      ),
    }),
  ),
});
export type Undelivered = z.infer<typeof undeliveredSchema>;

/** A record recall and, per partner node that received it, whether it confirmed the purge. */
export const recallSchema = z.object({
  id: z.string(),
  stixId: z.string(),
  recordKind: z.string(),
  recordId: z.string(),
  reason: z.string(),
  recalledAt: z.string(),
  partners: z.array(
    z.object({
      nodeId: z.string(),
      nation: z.string(),
      status: z.enum(['pending', 'applied', 'overdue']),
      appliedAt: z.string().nullable(),
    }),
  ),
});
export type Recall = z.infer<typeof recallSchema>;

export const recallRequestSchema = z.strictObject({
  reason: z.string().trim().min(1, 'Say why the record is recalled.').max(500),
});
