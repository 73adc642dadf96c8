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
import { omitEmpty } from '../stix/stix-omit-empty';
import { decodePublicKey } from '../node/node-keys';
import type { Label } from '../../../shared/labels/label';
import type { NodeIdentity } from '../node/node-keys';
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
  // Signed as it leaves: without null properties and empty lists (the label's included).
  const unsigned = omitEmpty({
    ...object,
    extensions: {
      ...extensions,
      [EXTENSIONS.signature]: { extension_type: 'property-extension', node_id: node.nodeId, label: labelExtension(label) },
    },
  });
  const signature = crypto.sign(null, bytes(unsigned), node.privateKey).toString('base64url');
  return {
    ...unsigned,
    extensions: { ...unsigned.extensions, [EXTENSIONS.signature]: { ...unsigned.extensions[EXTENSIONS.signature], signature } },
  };
}

/**
 * A partner's signed object without field groups of one of its extensions (an incident's sources
 * under a stricter label), for readers here outside their label. The originator's signature
 * covered those fields, so it cannot come along: the signature extension keeps the originator
 * node's id and the label, loses `signature`, and names what was withheld (`withheld`). The object
 * as signed stays beside it for readers of the fields (docs/decisions/0017).
 */
export function withheldForm(object: Record<string, unknown>, extension: string, fields: string[]): Record<string, unknown> {
  const extensions = (object.extensions ?? {}) as Extensions;
  const { signature: _signature, ...signedBy } = extensions[EXTENSIONS.signature] ?? {};
  const kept = Object.fromEntries(Object.entries(extensions[extension] ?? {}).filter(([key]) => !fields.includes(key)));
  return {
    ...object,
    extensions: { ...extensions, [extension]: kept, [EXTENSIONS.signature]: { ...signedBy, withheld: fields } },
  };
}

export type Verified = { ok: true; signedBy: SignatureExtension } | { ok: false; reason: string };

const NOT_VERIFIED: Verified = { ok: false, reason: 'signature does not verify (altered object or label)' };

/** What a check needs: the signature extension, and the bytes it signs — or why there is nothing to check. */
function toCheck(object: Record<string, unknown>, nodeId: string): { signed: SignatureExtension; data: Buffer } | Verified {
  const extensions = object.extensions as Extensions | undefined;
  const signed = extensions?.[EXTENSIONS.signature] as Partial<SignatureExtension> | undefined;
  if (!signed || typeof signed.signature !== 'string') return { ok: false, reason: 'not signed by its originator node' };
  if (signed.node_id !== nodeId) return { ok: false, reason: `signed by node ${String(signed.node_id)}, not by the peer that sent it` };
  const { signature: _signature, ...rest } = signed;
  const unsigned = { ...object, extensions: { ...extensions, [EXTENSIONS.signature]: rest } };
  return { signed: signed as SignatureExtension, data: bytes(unsigned) };
}

/**
 * Checks that each object was signed, unchanged, by the node holding `publicKey`. The Ed25519
 * checks run on libuv's thread pool, off the event loop, so a puller verifies its next page while
 * the current one is written.
 */
export async function verifyObjects(objects: unknown[], nodeId: string, publicKey: crypto.KeyObject): Promise<Verified[]> {
  return Promise.all(
    objects.map((raw): Promise<Verified> => {
      const check = toCheck((typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>, nodeId);
      if ('ok' in check) return Promise.resolve(check);
      return new Promise<Verified>((resolve) => {
        try {
          crypto.verify(null, check.data, publicKey, Buffer.from(check.signed.signature, 'base64url'), (error, valid) =>
            resolve(!error && valid ? { ok: true, signedBy: check.signed } : NOT_VERIFIED),
          );
        } catch {
          resolve(NOT_VERIFIED);
        }
      });
    }),
  );
}

/**
 * After a key rotation: the object signed again with `node`'s current key, when an earlier key of
 * this node signed it as it stands; null when it is not this node's or the current key signed it;
 * 'altered' when none of the node's keys verifies it (it is then left as it is, and refused by
 * anyone who checks it).
 */
export function resignObject(object: Record<string, unknown>, node: NodeIdentity): Record<string, unknown> | null | 'altered' {
  const check = toCheck(object, node.nodeId);
  if ('ok' in check) return null;
  const signature = Buffer.from(check.signed.signature, 'base64url');
  const signedBy = node.knownPublicKeys.find((key) => {
    try {
      return crypto.verify(null, check.data, decodePublicKey(key), signature);
    } catch {
      return false;
    }
  });
  if (signedBy === undefined) return 'altered';
  if (signedBy === node.publicKey) return null;
  const extensions = object.extensions as Extensions;
  return {
    ...object,
    extensions: {
      ...extensions,
      [EXTENSIONS.signature]: { ...check.signed, signature: crypto.sign(null, check.data, node.privateKey).toString('base64url') },
    },
  };
}
