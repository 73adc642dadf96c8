/**
 * Meetings of the strategic dialogue (shared/vocab/record-kinds.ts), in the registry (records/registry.ts). Kept on this node
 * for now: not yet published to TAXII readers or received from peers.
 */
import type { RecordKind } from '../records/record-kind';

export const meetingKind = {} satisfies RecordKind;
