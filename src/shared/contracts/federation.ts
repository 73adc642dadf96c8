/** Peers: partner nodes pinned to their keys. */
import { z } from 'zod';

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
});
export type Peer = z.infer<typeof peerSchema>;

export const peerAddRequestSchema = z.strictObject({ invite: z.string().trim().min(1, 'Paste the partner node’s invite.').max(4_000) });

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
