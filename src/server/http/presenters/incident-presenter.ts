/** Wire JSON of an incident: field groups the reader may not see are absent; `can` says what they may do. */
import { canOn } from '../../domain/records/registry';
import { canReadField, fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { CasualtyCount, Incident } from '../../../shared/contracts/incidents';
import type { Label } from '../../../shared/labels/label';
import type { IncidentRow } from '../../db/repositories/incident-repository';
import type { UserActor } from '../../domain/auth/actor';
import type { PendingRelease } from '../../domain/release/release-workflow';

type StoredLabelFields = Omit<Label, 'originator' | 'state' | 'version'>;

export function presentIncident(row: IncidentRow, actor: UserActor, pending: PendingRelease | null = null): Incident {
  const label = labelFromColumns(row);
  const ownOrg = row.originator_org === actor.org.id;
  const place: Incident['place'] = { country: row.country, precision: row.geo_precision as Incident['place']['precision'] };
  if (row.admin1) place.admin1 = row.admin1;
  if (row.admin2) place.admin2 = row.admin2;
  if (row.place_name) place.name = row.place_name;
  if (row.lat !== null && row.lon !== null) place.point = { lat: row.lat, lon: row.lon };
  if (row.uncertainty_km !== null) place.uncertaintyKm = row.uncertainty_km;
  const incident: Incident = {
    id: row.id,
    version: row.version,
    releaseState: row.release_state as Incident['releaseState'],
    domain: row.domain,
    subtype: row.subtype,
    title: row.title,
    narrative: row.narrative,
    occurredAt: new Date(row.occurred_at).toISOString(),
    timePrecision: row.time_precision as Incident['timePrecision'],
    place,
    casualties: { killed: row.killed as CasualtyCount, wounded: row.wounded as CasualtyCount, abducted: row.abducted as CasualtyCount },
    label: presentLabel(label),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    can: canOn('incident', actor, row),
  };
  if (ownOrg && pending) incident.pendingRelease = { ...pending, label: presentLabel(pending.label) };
  if (ownOrg) incident.proposedLabel = presentLabel(fieldLabelOf(label, row.proposed_label as StoredLabelFields));
  if (row.sources !== null) {
    const own = row.sources_label as StoredLabelFields | null;
    const sourcesLabel = own ? fieldLabelOf(label, own) : label;
    if (canReadField(actor.reader, label, sourcesLabel)) {
      incident.sources = { items: row.sources as NonNullable<Incident['sources']>['items'], label: presentLabel(sourcesLabel) };
    }
  }
  return incident;
}
