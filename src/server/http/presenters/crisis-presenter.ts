/** The one place crises and their log entries become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { isOverdue } from '../../domain/crisis/crisis-board';
import { requestStateFor } from '../../domain/crisis/entry-lifecycle';
import { presentLabel } from './label-presenter';
import type { Crisis, CrisisBoard, CrisisEntry, CrisisSummary, Sitrep } from '../../../shared/contracts/crises';
import type { CrisisEntryRow, CrisisRow } from '../../db/repositories/crisis-repository';
import type { EntryContext } from '../../domain/crisis/crisis-service';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentCrisisSummary(row: CrisisRow, participants: string[]): CrisisSummary {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    exercise: row.exercise,
    status: row.status as Crisis['status'],
    label: presentLabel(labelFromColumns(row)),
    participants,
    alertId: row.alert_id,
    declaredBy: { id: row.declared_by, name: row.declared_by_name },
    declaredAt: new Date(row.declared_at).toISOString(),
    closedAt: iso(row.closed_at),
    closingSummary: row.closing_summary,
    lessons: row.lessons,
    partnerNode: row.home_node !== null,
  };
}

export function presentCrisis(row: CrisisRow, participants: string[], board: CrisisBoard, can: Crisis['can']): Crisis {
  return { ...presentCrisisSummary(row, participants), board, can };
}

export function presentEntry(row: CrisisEntryRow, context: EntryContext): CrisisEntry {
  const content = row.content as Record<string, unknown>;
  const base = {
    id: row.id,
    crisisId: row.crisis_id,
    kind: row.kind as CrisisEntry['kind'],
    label: presentLabel(labelFromColumns(row)),
    nation: row.originator_nation,
    enteredBy: { id: row.entered_by, name: row.entered_by_name },
    enteredAt: new Date(row.entered_at).toISOString(),
    exercise: row.crisis_exercise,
    can: { actions: context.actions.get(row.id) ?? [] },
  };
  switch (row.kind) {
    case 'log':
      return { ...base, text: String(content.text) };
    case 'sitrep':
      return { ...base, sitrep: content as Sitrep };
    case 'request': {
      const offers = (context.offersByRequest.get(row.id) ?? []).map((o) => ({ state: o.entry_state ?? 'offered' }));
      return {
        ...base,
        request: {
          what: String(content.what),
          quantity: String(content.quantity ?? ''),
          neededBy: (content.neededBy as string | null) ?? null,
          state: requestStateFor(row.entry_state ?? 'open', offers),
          offers: offers.length,
        },
      };
    }
    case 'offer':
      return {
        ...base,
        offer: {
          what: String(content.what),
          availableFrom: (content.availableFrom as string | null) ?? null,
          requestId: row.request_id && context.readableRequests.has(row.request_id) ? row.request_id : null,
          state: (row.entry_state ?? 'offered') as NonNullable<CrisisEntry['offer']>['state'],
        },
      };
    case 'task':
      return {
        ...base,
        task: {
          title: String(content.title),
          details: String(content.details ?? ''),
          ownerNation: row.owner_nation ?? '',
          owner: row.owner_user ? { id: row.owner_user, name: row.owner_name ?? row.owner_user } : null,
          deadline: iso(row.deadline) ?? '',
          state: (row.entry_state ?? 'open') as NonNullable<CrisisEntry['task']>['state'],
          overdue: isOverdue(row, context.now),
        },
      };
    default:
      return {
        ...base,
        update: {
          subjectId: row.subject_id ?? '',
          action: content.action as NonNullable<CrisisEntry['update']>['action'],
          ...(typeof content.note === 'string' ? { note: content.note } : {}),
        },
      };
  }
}
