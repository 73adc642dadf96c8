/**
 * Signed record versions: every object a node publishes carries, in Concord's signature
 * extension, the originator node's id, the version's label and an Ed25519 signature over the
 * object's canonical JSON (RFC 8785) without the signature itself. A receiver verifies it against
 * the originator's pinned key; a changed label, field or id no longer verifies.
 */
import crypto from 'node:crypto';
import canonicalize from 'canonicalize';
import { labelExtension } from '../stix/stix-export';
import { EXTENSIONS } from '../stix/stix-vocab';
import type { Label } from '../../../shared/labels/label';
import type { NodeIdentity } from '../node/node-identity';
import type { StixObject } from '../stix/stix-export';

type Extensions = Record<string, Record<string, unknown>>;

export interface SignatureExtension {
  extension_type: 'property-extension';
  node_id: string;
  label: ReturnType<typeof labelExtension>;
  signature: string;
}

const bytes = (object: object) => Buffer.from(canonicalize(object) ?? '', 'utf8');

/** The object with its originator's signature (and the label it was released under). */
export function signObject(object: StixObject, label: Label, node: NodeIdentity): StixObject {
  const extensions = (object.extensions ?? {}) as Extensions;
  const unsigned = {
    ...object,
    extensions: {
      ...extensions,
      [EXTENSIONS.signature]: { extension_type: 'property-extension', node_id: node.nodeId, label: labelExtension(label) },
    },
  };
  const signature = crypto.sign(null, bytes(unsigned), node.privateKey).toString('base64url');
  return {
    ...unsigned,
    extensions: { ...unsigned.extensions, [EXTENSIONS.signature]: { ...unsigned.extensions[EXTENSIONS.signature], signature } },
  };
}

export type Verified = { ok: true; signedBy: SignatureExtension } | { ok: false; reason: string };

/** Checks that `object` was signed, unchanged, by the node holding `publicKey`. */
export function verifyObject(object: Record<string, unknown>, nodeId: string, publicKey: crypto.KeyObject): Verified {
  const extensions = object.extensions as Extensions | undefined;
  const signed = extensions?.[EXTENSIONS.signature] as Partial<SignatureExtension> | undefined;
  if (!signed || typeof signed.signature !== 'string') return { ok: false, reason: 'not signed by its originator node' };
  if (signed.node_id !== nodeId) return { ok: false, reason: `signed by node ${String(signed.node_id)}, not by the peer that sent it` };
  const { signature, ...rest } = signed;
  const unsigned = { ...object, extensions: { ...extensions, [EXTENSIONS.signature]: rest } };
  let valid: boolean;
  try {
    valid = crypto.verify(null, bytes(unsigned), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, signedBy: signed as SignatureExtension }
    : { ok: false, reason: 'signature does not verify (altered object or label)' };
}
