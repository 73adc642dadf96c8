/**
 * The commitment list's filters in its address (`/commitments?nation=KAZ&status=done`), so a
 * tracker count is a link to the commitments it counts, and a filtered list can be bookmarked and
 * restored by Back; and the records a progress report cites, typed as an id or pasted as a link.
 */
import { COMMITMENT_STATUSES, EVIDENCE_KINDS } from '../../../shared/vocab/dialogue';
import type { CommitmentFilters } from '../../api/commitments';
import type { CommitmentStatus, EvidenceKind } from '../../../shared/vocab/dialogue';

const NATION = /^[A-Z]{3}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filters the address holds; anything malformed is left out rather than sent to be refused. */
export function filtersFromSearch(search: string): CommitmentFilters {
  const params = new URLSearchParams(search);
  const meeting = params.get('meeting') ?? '';
  const nation = params.get('nation') ?? '';
  const status = params.get('status') ?? '';
  return {
    ...(UUID.test(meeting) ? { meetingId: meeting.toLowerCase() } : {}),
    ...(NATION.test(nation) ? { nation } : {}),
    ...((COMMITMENT_STATUSES as readonly string[]).includes(status) ? { status: status as CommitmentStatus } : {}),
    ...(params.get('overdue') === 'true' ? { overdue: true } : {}),
  };
}

/** The list's address for these filters (none: `/commitments`). */
export function commitmentsAddress(filters: CommitmentFilters): string {
  const params = new URLSearchParams();
  if (filters.meetingId) params.set('meeting', filters.meetingId);
  if (filters.nation) params.set('nation', filters.nation);
  if (filters.status) params.set('status', filters.status);
  if (filters.overdue) params.set('overdue', 'true');
  const query = params.toString();
  return query ? `/commitments?${query}` : '/commitments';
}

/** The app's address of each kind of record a report may cite. */
export const EVIDENCE_PATHS: Record<EvidenceKind, string> = {
  incident: '/incidents',
  crisis: '/crises',
  meeting: '/meetings',
  statement: '/statements',
  note: '/notes',
  actor: '/actors',
};

export const evidenceAddress = (kind: EvidenceKind, id: string) => `${EVIDENCE_PATHS[kind]}/${encodeURIComponent(id)}`;

/**
 * A cited record as typed: a bare id (of the kind chosen), or a link to a record in this app —
 * `https://node/incidents/<id>`, `/crises/<id>` — whose path names the kind. Null when it is
 * neither (the server then says what is wrong with it).
 */
export function evidenceFromText(text: string, kind: EvidenceKind): { kind: EvidenceKind; id: string } | null {
  const value = text.trim();
  if (UUID.test(value)) return { kind, id: value.toLowerCase() };
  let path: string;
  try {
    path = new URL(value, 'http://app.invalid').pathname;
  } catch {
    return null;
  }
  const [, folder, id, ...rest] = path.split('/');
  const found = EVIDENCE_KINDS.find((k) => EVIDENCE_PATHS[k] === `/${folder}`);
  if (!found || !id || !UUID.test(id) || rest.some(Boolean)) return null;
  return { kind: found, id: id.toLowerCase() };
}
