/* Frozen once merged: add a new migration instead of editing this one. */
import { sql } from 'kysely';
import type { Kysely } from 'kysely';

/**
 * A partner's incident whose sources carry a stricter label than the incident was published here
 * as received, sources and all, to every reader of the incident. Federation apply now keeps a form
 * without them beside it (docs/decisions/0017); this gives the rows received before one: the
 * sources removed, the originator's signature (which covered them) dropped from the signature
 * extension, and `withheld` naming what was taken out. This node's own rows have had their
 * stripped form since they were first published.
 */
const INCIDENT_EXTENSION = 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a02';
const SIGNATURE_EXTENSION = 'extension-definition--0b6f8c52-3a7e-4d1b-8f2a-6c9e4d3b7a05';

/** Paths into an object's JSON, as text[] parameters. */
const path = (...keys: string[]) => `{${keys.join(',')}}`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update stix_objects
    set stripped = jsonb_set(
      (object::jsonb #- ${path('extensions', INCIDENT_EXTENSION, 'sources')}::text[])
        #- ${path('extensions', SIGNATURE_EXTENSION, 'signature')}::text[],
      ${path('extensions', SIGNATURE_EXTENSION, 'withheld')}::text[],
      '["sources"]'::jsonb
    )::json
    where stix_type = 'incident'
      and stripped is null
      and object::jsonb #> ${path('extensions', INCIDENT_EXTENSION, 'sources', 'label')}::text[] is not null
      and origin_node is distinct from (select node_id from node_identity where id = 1)
  `.execute(db);
}
