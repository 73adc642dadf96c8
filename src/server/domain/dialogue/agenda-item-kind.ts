/**
 * Items of a meeting's agenda, each under its own label, read through the meeting (shared/vocab/record-kinds.ts), in the registry (records/registry.ts). Kept on this node
 * for now: not yet published to TAXII readers or received from peers.
 */
import type { RecordKind } from '../records/record-kind';

export const agendaItemKind = {} satisfies RecordKind;
