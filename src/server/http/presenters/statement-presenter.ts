/** The one place joint statements and nations' words on them become wire JSON. */
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { concurrenceMatrix } from '../../domain/dialogue/concurrence';
import { positionFacts, standingReservations } from '../../domain/dialogue/statement-service';
import { presentLabel } from './label-presenter';
import type { Cell } from '../../domain/dialogue/concurrence';
import type { CellView, Entry, Statement, StatementPositionView, StatementSummary } from '../../../shared/contracts/statements';
import type { MeetingRow } from '../../db/repositories/meeting-repository';
import type { StatementPositionRow, StatementRow } from '../../db/repositories/statement-repository';

const iso = (value: Date | string) => new Date(value).toISOString();

export function presentStatementSummary(row: StatementRow): StatementSummary {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    title: row.title,
    host: row.originator_nation,
    status: row.status as StatementSummary['status'],
    clauseCount: row.clauses.length,
    textVersion: row.text_version,
    silence: row.silence,
    adoptedAt: row.adopted_at ? iso(row.adopted_at) : null,
    publicAt: row.public_at ? iso(row.public_at) : null,
    language: row.language as StatementSummary['language'],
    partnerNode: row.home_node !== null,
    minutesOf: row.minutes_of ?? null,
    updatedAt: iso(row.updated_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
  };
}

const cellView = (cell: Cell): CellView =>
  cell.state === 'current' ? { state: 'current', stance: cell.stance, givenAt: cell.givenAt.toISOString() } : cell;

/** Where the procedure stands as the reader sees it. */
function procedureState(row: StatementRow, now: Date): Statement['procedure']['state'] {
  if (row.status === 'adopted' || row.status === 'withdrawn' || row.status === 'drafting') return row.status;
  if (!row.silence || now < new Date(row.silence.until)) return 'running';
  return row.procedure.waitingFor.length > 0 ? 'waiting' : 'ended';
}

/**
 * A statement as its reader may read it: the matrix and the amendments, comments and reservations
 * come from the nations' words the reader may read (`positions`), no other.
 */
export function presentStatement(
  row: StatementRow,
  meeting: MeetingRow,
  positions: readonly StatementPositionRow[],
  can: Statement['can'],
  now: Date,
): Statement {
  const clauses = row.clauses;
  const matrix = concurrenceMatrix(row.participants, clauses, row.text_version, positionFacts(positions, row));
  const current = new Map(clauses.map((c) => [c.id, c]));
  const entries = positions.flatMap((p) => p.entries.map((e: Entry) => ({ nation: p.originator_nation, e })));
  const baseText = (clauseId: string, version: number) => {
    const clause = current.get(clauseId);
    if (!clause) return null;
    return clause.version === version ? clause.text : (clause.history.find((h) => h.version === version)?.text ?? null);
  };
  return {
    ...presentStatementSummary(row),
    preamble: row.preamble,
    participants: row.participants,
    clauses: clauses.map((c, i) => ({ id: c.id, number: i + 1, version: c.version, text: c.text, history: c.history })),
    matrix: {
      clauses: Object.fromEntries(
        [...matrix.clauses].map(([clauseId, row]) => [clauseId, Object.fromEntries([...row].map(([n, cell]) => [n, cellView(cell)]))]),
      ),
      whole: Object.fromEntries([...matrix.whole].map(([n, cell]) => [n, cellView(cell)])),
    },
    reservations: standingReservations(positions, row),
    amendments: entries.flatMap(({ nation, e }) =>
      e.type === 'amendment'
        ? [
            {
              id: e.id,
              clause: e.clause,
              ofVersion: e.ofVersion,
              text: e.text,
              comment: e.comment,
              at: e.at,
              by: e.by,
              nation,
              baseText: baseText(e.clause, e.ofVersion),
              decision: row.decisions.find((d) => d.amendment === e.id && d.nation === nation) ?? null,
            },
          ]
        : [],
    ),
    comments: entries.flatMap(({ nation, e }) =>
      e.type === 'comment' ? [{ id: e.id, clause: e.clause, text: e.text, at: e.at, by: e.by, nation }] : [],
    ),
    translations: row.translations.map(({ language, status, title, preamble, clauses, at }) => ({
      language,
      status,
      title,
      preamble,
      clauses,
      at,
    })),
    procedure: {
      state: procedureState(row, now),
      waitingFor: row.procedure.waitingFor,
      broken: row.procedure.broken,
      adoptedBy: row.adopted?.statement.adoptedBy ?? null,
    },
    can,
  };
}

export function presentStatementPosition(row: StatementPositionRow): StatementPositionView {
  return {
    id: row.id,
    statementId: row.statement_id,
    nation: row.originator_nation,
    entries: row.entries,
    updatedAt: iso(row.updated_at),
    version: row.version,
    label: presentLabel(labelFromColumns(row)),
  };
}
