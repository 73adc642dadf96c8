/** Wire JSON of actors and indicators: the release fields they share with incidents, and `can`. */
import { canOn } from '../../domain/records/registry';
import { fieldLabelOf } from '../../../shared/labels/field-labels';
import { labelFromColumns } from '../../../shared/labels/label-columns';
import { presentLabel } from './label-presenter';
import type { Actor, Indicator } from '../../../shared/contracts/picture-records';
import type { ActorKind, IndicatorType } from '../../../shared/vocab/picture-records';
import type { ActorRow } from '../../db/repositories/actor-repository';
import type { IndicatorRow } from '../../db/repositories/indicator-repository';
import type { UserActor } from '../../domain/auth/actor';
import type { PendingRelease, ReleasableRow, StoredLabelFields } from '../../domain/release/release-workflow';

const iso = (value: Date | string) => new Date(value).toISOString();

function releaseFields(
  kind: 'actor' | 'indicator',
  row: ReleasableRow & { created_at: Date | string; updated_at: Date | string },
  actor: UserActor,
  pending: PendingRelease | null,
) {
  const label = labelFromColumns(row);
  const ownOrg = row.originator_org === actor.org.id;
  return {
    version: row.version,
    releaseState: row.release_state as 'draft' | 'released',
    label: presentLabel(label),
    ...(ownOrg ? { proposedLabel: presentLabel(fieldLabelOf(label, row.proposed_label as StoredLabelFields)) } : {}),
    ...(ownOrg && pending ? { pendingRelease: { ...pending, label: presentLabel(pending.label) } } : {}),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    can: canOn(kind, actor, row),
  };
}

export function presentActor(row: ActorRow, actor: UserActor, pending: PendingRelease | null = null): Actor {
  return {
    id: row.id,
    kind: row.kind as ActorKind,
    name: row.name,
    aliases: row.aliases,
    description: row.description,
    ...(row.country ? { country: row.country } : {}),
    ...releaseFields('actor', row, actor, pending),
  };
}

export function presentIndicator(row: IndicatorRow, actor: UserActor, pending: PendingRelease | null = null): Indicator {
  return {
    id: row.id,
    type: row.type as IndicatorType,
    value: row.value,
    ...(row.name ? { name: row.name } : {}),
    description: row.description,
    ...(row.first_seen ? { firstSeen: iso(row.first_seen) } : {}),
    ...(row.last_seen ? { lastSeen: iso(row.last_seen) } : {}),
    warnings: row.warnings,
    ...releaseFields('indicator', row, actor, pending),
  };
}
