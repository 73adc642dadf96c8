/** A TAXII feed as wire JSON: never its secrets, only the kind of credential. */
import type { Subscription, TaxiiAuth } from '../../../shared/contracts/taxii-subscriptions';
import type { LabelInput } from '../../../shared/labels/label';
import type { SubscriptionRow } from '../../db/repositories/taxii-subscription-repository';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function presentSubscription(row: SubscriptionRow & { owner_username: string }): Subscription {
  return {
    id: row.id,
    name: row.name,
    apiRoot: row.api_root,
    collectionId: row.collection_id,
    authKind: (row.auth as TaxiiAuth).kind,
    defaultLabel: row.default_label as LabelInput,
    owner: { id: row.owner_id, username: row.owner_username },
    createdAt: new Date(row.created_at).toISOString(),
    paused: row.paused,
    position: row.added_after,
    lastPollAt: iso(row.last_poll_at),
    lastSuccessAt: iso(row.last_success_at),
    lastError: row.last_error,
    failures: row.failures,
    counts: {
      imported: row.imported,
      originatorOnly: row.originator_only,
      present: row.present,
      updated: row.updated,
      unmapped: row.unmapped,
    },
  };
}
