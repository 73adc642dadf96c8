/**
 * Notes in the registry (records/registry.ts): a note stays on its node. It is neither published nor
 * received from peers, and it is recalled locally (note-service.ts).
 */
import type { RecordKind } from '../records/record-kind';

export const noteKind = {
  actions: ['record.recall'],
} satisfies RecordKind;
