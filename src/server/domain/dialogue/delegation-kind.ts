/**
 * Nations' delegations to a meeting, read through the meeting (shared/vocab/record-kinds.ts), in the registry (records/registry.ts). Kept on this node
 * for now: not yet published to TAXII readers or received from peers.
 */
import type { RecordKind } from '../records/record-kind';

export const delegationKind = {} satisfies RecordKind;
