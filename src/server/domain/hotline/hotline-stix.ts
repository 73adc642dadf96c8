/**
 * The hotline's STIX face: desks, alerts and a desk's answers (acknowledge, decline) as Concord
 * object types, declared by extension definitions (stix-vocab.ts) — STIX has nothing like them.
 * Each object's label travels in the signature extension like every other record's; the TLP level
 * is also a marking reference, for clients that know nothing of Concord.
 */
import { z } from 'zod';
import { deskContactSchema } from '../../../shared/contracts/hotline';
import { ALERT_SEVERITIES } from '../../../shared/vocab/hotline';
import { EXTENSIONS, TLP2_MARKINGS } from '../stix/stix-vocab';
import { orNull } from '../stix/stix-omit-empty';
import type { DeskContact } from '../../../shared/contracts/hotline';
import type { Label } from '../../../shared/labels/label';
import type { AlertRow } from '../../db/repositories/alert-repository';
import type { StixObject } from '../stix/stix-export';

export const DESK_TYPE = 'x-concord-desk';
export const ALERT_TYPE = 'x-concord-alert';
export const ALERT_RESPONSE_TYPE = 'x-concord-alert-response';
/** Joint training's exercise (training-stix.ts); named here because the alerts and crisis rooms its injects make refer to it. */
export const EXERCISE_TYPE = 'x-concord-exercise';

const iso = (value: Date | string) => new Date(value).toISOString();
const ref = (type: string, id: string) => `${type}--${id}`;

export const deskExtensionSchema = z.object({
  nation: z.string().min(1).max(32),
  name: z.string().min(1).max(200),
  /** Absent from desks published before desks carried contacts: version 1, no contacts. */
  version: z.number().int().min(1).optional(),
  contacts: z.array(deskContactSchema).max(12).optional(),
});
export const alertExtensionSchema = z.object({
  version: z.number().int().min(1),
  severity: z.enum(ALERT_SEVERITIES),
  summary: z.string().min(1).max(200),
  details: z.string().max(10_000),
  exercise: z.boolean(),
  /** The exercise whose inject raised it (absent: none). */
  exercise_ref: z.string().startsWith(`${EXERCISE_TYPE}--`).optional(),
  raised_at: z.iso.datetime({ offset: true }),
  target_desk_refs: z
    .array(z.string().startsWith(`${DESK_TYPE}--`))
    .min(1)
    .max(20),
});
export const alertResponseExtensionSchema = z.object({
  alert_ref: z.string().startsWith(`${ALERT_TYPE}--`),
  desk_ref: z.string().startsWith(`${DESK_TYPE}--`),
  kind: z.enum(['acknowledge', 'decline']),
  note: orNull(z.string().max(2_000)),
  responded_at: z.iso.datetime({ offset: true }),
});

/** A desk is a directory entry every partner may see: unclassified, TLP:GREEN, to all nations. */
export function deskLabel(desk: { nation: string }, org: string, nations: string[]): Label {
  return {
    originator: { nation: desk.nation, org },
    classification: 'UNCLASSIFIED',
    relTo: [...new Set([desk.nation, ...nations])].sort(),
    caveats: [],
    tlp: 'GREEN',
    recipients: { orgs: [], users: [] },
    state: 'active',
    version: 1,
  };
}

/** The common properties of a Concord-typed object (its label travels in the signature extension). */
export function concordObjectTop(type: string, id: string, created: Date | string, label: Label, createdByOrg: string, modified = created) {
  return {
    type,
    spec_version: '2.1',
    id: ref(type, id),
    created: iso(created),
    modified: iso(modified),
    created_by_ref: `identity--${createdByOrg}`,
    object_marking_refs: [TLP2_MARKINGS[label.tlp]],
  };
}

export function deskObject(
  desk: {
    id: string;
    nation: string;
    name: string;
    created_at: Date | string;
    version?: number;
    contacts?: unknown;
    updated_at?: Date | string | null;
  },
  label: Label,
): StixObject {
  const contacts = (desk.contacts as DeskContact[] | undefined) ?? [];
  const version = desk.version ?? 1;
  return {
    ...concordObjectTop(DESK_TYPE, desk.id, desk.created_at, label, label.originator.org, desk.updated_at ?? desk.created_at),
    name: desk.name,
    extensions: {
      [EXTENSIONS.desk]: {
        extension_type: 'new-sdo',
        nation: desk.nation,
        name: desk.name,
        ...(version > 1 ? { version } : {}),
        ...(contacts.length > 0 ? { contacts } : {}),
      },
    },
  };
}

export function alertObject(
  alert: Pick<AlertRow, 'id' | 'version' | 'severity' | 'summary' | 'details' | 'exercise' | 'raised_at'> & { exercise_id?: string | null },
  deskIds: string[],
  label: Label,
): StixObject {
  return {
    ...concordObjectTop(ALERT_TYPE, alert.id, alert.raised_at, label, label.originator.org),
    name: alert.summary,
    extensions: {
      [EXTENSIONS.alert]: {
        extension_type: 'new-sdo',
        version: alert.version,
        severity: alert.severity,
        summary: alert.summary,
        details: alert.details,
        exercise: alert.exercise,
        ...(alert.exercise_id ? { exercise_ref: `${EXERCISE_TYPE}--${alert.exercise_id}` } : {}),
        raised_at: iso(alert.raised_at),
        target_desk_refs: deskIds.map((id) => ref(DESK_TYPE, id)).sort(),
      },
    },
  };
}

export function alertResponseObject(
  response: { id: string; alert_id: string; desk_id: string; kind: string; note: string | null; responded_at: Date | string },
  label: Label,
): StixObject {
  return {
    ...concordObjectTop(ALERT_RESPONSE_TYPE, response.id, response.responded_at, label, label.originator.org),
    extensions: {
      [EXTENSIONS.alertResponse]: {
        extension_type: 'new-sdo',
        alert_ref: ref(ALERT_TYPE, response.alert_id),
        desk_ref: ref(DESK_TYPE, response.desk_id),
        kind: response.kind,
        note: response.note,
        responded_at: iso(response.responded_at),
      },
    },
  };
}
