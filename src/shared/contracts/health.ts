import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  nation: z.string(),
  nodeId: z.string(),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
  /** What makes the node degraded, in words; empty when it is ok. */
  problems: z.array(z.string()),
  /** Why the node is degraded, for its operators: `disk-full` while writes fail for a full disk. */
  cause: z.enum(['disk-full']).optional(),
  message: z.string().optional(),
});

export const nodeInfoSchema = z.object({
  nation: z.string(),
  nodeId: z.string(),
  publicKey: z.string(),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
});
