/** The 126-byte credential of PROTOCOL.md section 2: who may enter, bound to which holder key. */
import { bytesToUuid, concatBytes, isUint32, readUint32BE, uuidToBytes, writeUint32BE } from './bytes.ts';
import { MalformedError } from './malformed-error.ts';

export type CredentialType = 'ticket' | 'voucher';

export const CREDENTIAL_LENGTH = 126;
export const CREDENTIAL_BODY_LENGTH = 62;
const SIGNATURE_LENGTH = 64;
const HOLDER_KEY_LENGTH = 33;
const KID_LENGTH = 4;

/** Domain tag so an issuer signature can never be replayed as a signature over anything else. */
export const CREDENTIAL_DOMAIN = new TextEncoder().encode('TG-CRED-v1');

const typeByte: Record<CredentialType, number> = { ticket: 0x01, voucher: 0x02 };

export interface CredentialFields {
  type: CredentialType;
  /** UUID of the ticket or voucher, either case. */
  subjectId: string;
  /** 4-byte key id of the issuer key, see `kidOf`. */
  kid: Uint8Array;
  /** Binding version: 1 at first issue, +1 on every rebinding. */
  seq: number;
  /** Unix seconds after which the credential is expired. */
  notAfter: number;
  /** Compressed SEC1 P-256 point (33 bytes) of the holder's device key. */
  holderKey: Uint8Array;
}

export interface ParsedCredential extends CredentialFields {
  /** Lowercase UUID. */
  subjectId: string;
  signature: Uint8Array;
  /** The full 126 bytes, a copy. */
  bytes: Uint8Array;
}

/** Bytes 0..61: everything the issuer signs. Throws RangeError on out-of-range fields. */
export function encodeCredentialBody(fields: CredentialFields): Uint8Array<ArrayBuffer> {
  const type = typeByte[fields.type];
  if (type === undefined) throw new RangeError(`unknown credential type: ${String(fields.type)}`);
  if (fields.kid.length !== KID_LENGTH) throw new RangeError('kid must be 4 bytes');
  if (!isUint32(fields.seq)) throw new RangeError('seq must be a uint32');
  if (!isUint32(fields.notAfter)) throw new RangeError('notAfter must be a uint32');
  const key = fields.holderKey;
  if (key.length !== HOLDER_KEY_LENGTH || (key[0] !== 0x02 && key[0] !== 0x03)) {
    throw new RangeError('holderKey must be a 33-byte compressed P-256 point');
  }
  const body = new Uint8Array(CREDENTIAL_BODY_LENGTH);
  body[0] = type;
  body.set(uuidToBytes(fields.subjectId), 1);
  body.set(fields.kid, 17);
  writeUint32BE(body, 21, fields.seq);
  writeUint32BE(body, 25, fields.notAfter);
  body.set(key, 29);
  return body;
}

/** What the Ed25519 issuer signature covers: `TG-CRED-v1` || bytes 0..61. */
export function credentialSigningInput(body: Uint8Array): Uint8Array<ArrayBuffer> {
  if (body.length !== CREDENTIAL_BODY_LENGTH) throw new RangeError('credential body must be 62 bytes');
  return concatBytes(CREDENTIAL_DOMAIN, body);
}

/**
 * The signer is injected so the server can keep its issuer key in node:crypto (or a KMS) while this
 * package stays free of Node APIs. It must return a 64-byte Ed25519 signature of `message`.
 */
export type Ed25519Signer = (message: Uint8Array) => Promise<Uint8Array> | Uint8Array;

export async function issueCredential(fields: CredentialFields, sign: Ed25519Signer): Promise<Uint8Array<ArrayBuffer>> {
  const body = encodeCredentialBody(fields);
  const signature = await sign(credentialSigningInput(body));
  if (signature.length !== SIGNATURE_LENGTH) throw new RangeError('issuer signature must be 64 bytes');
  return concatBytes(body, signature);
}

/** Throws MalformedError (`bad_length` or `unknown_type`); does not check any signature. */
export function parseCredential(bytes: Uint8Array): ParsedCredential {
  if (bytes.length !== CREDENTIAL_LENGTH) {
    throw new MalformedError('bad_length', `credential must be ${CREDENTIAL_LENGTH} bytes, got ${bytes.length}`);
  }
  const copy = bytes.slice();
  const type = copy[0] === 0x01 ? 'ticket' : copy[0] === 0x02 ? 'voucher' : undefined;
  if (type === undefined) throw new MalformedError('unknown_type', `unknown credential type 0x${copy[0]!.toString(16)}`);
  return {
    type,
    subjectId: bytesToUuid(copy.subarray(1, 17)),
    kid: copy.slice(17, 21),
    seq: readUint32BE(copy, 21),
    notAfter: readUint32BE(copy, 25),
    holderKey: copy.slice(29, 62),
    signature: copy.slice(62, 126),
    bytes: copy,
  };
}
