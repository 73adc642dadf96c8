import { z } from 'zod';

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  nation: z.string(),
  nodeId: z.string(),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
  /** What makes the node degraded, in words; empty when it is ok. */
  problems: z.array(z.string()),
});

export const nodeInfoSchema = z.object({
  nation: z.string(),
  nodeId: z.string(),
  publicKey: z.string(),
  database: z.enum(['pglite', 'postgresql']),
  version: z.string(),
});
