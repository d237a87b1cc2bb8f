import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A passkey authenticator in Node, made by hand from the WebAuthn spec: attestation "none" for
 * registration, ECDSA P-256 assertions for sign-in. It lets server tests send exactly what a browser
 * sends, including the wrong things a browser never would.
 */

// The little CBOR (RFC 8949) a WebAuthn attestation needs: maps, byte and text strings, small integers.
function cborHead(major: number, length: number) {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 256) return Buffer.from([(major << 5) | 24, length]);
  return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
}
type Cbor = number | string | Buffer | Map<number | string, Cbor>;
function cbor(value: Cbor): Buffer {
  if (typeof value === 'number') return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === 'string') return Buffer.concat([cborHead(3, Buffer.byteLength(value)), Buffer.from(value)]);
  if (Buffer.isBuffer(value)) return Buffer.concat([cborHead(2, value.length), value]);
  return Buffer.concat([cborHead(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const b64 = (bytes: Buffer) => bytes.toString('base64url');
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const flags = { userPresent: 0x01, userVerified: 0x04, attestedData: 0x40 };

export interface Passkey { id: Buffer; privateKey: KeyObject; coseKey: Buffer; counter: number }

export function newPasskey(): Passkey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const coseKey = cbor(new Map<number, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
  return { id: randomBytes(16), privateKey, coseKey, counter: 0 };
}

const clientData = (type: 'webauthn.create' | 'webauthn.get', challenge: string, origin: string) =>
  Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));

/** The RegistrationResponseJSON a browser sends after `navigator.credentials.create()`. */
export function registrationResponse(passkey: Passkey, options: { challenge: string; rpId: string; origin: string }) {
  const counter = Buffer.alloc(4);
  const idLength = Buffer.from([passkey.id.length >> 8, passkey.id.length & 0xff]);
  const authData = Buffer.concat([sha256(options.rpId), Buffer.from([flags.userPresent | flags.userVerified | flags.attestedData]), counter, Buffer.alloc(16), idLength, passkey.id, passkey.coseKey]);
  const attestationObject = cbor(new Map<string, Cbor>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
  return {
    id: b64(passkey.id),
    rawId: b64(passkey.id),
    type: 'public-key',
    response: { clientDataJSON: b64(clientData('webauthn.create', options.challenge, options.origin)), attestationObject: b64(attestationObject), transports: ['internal'] },
    clientExtensionResults: {},
  };
}

/** The AuthenticationResponseJSON a browser sends after `navigator.credentials.get()`; each call counts up. */
export function authenticationResponse(passkey: Passkey, options: { challenge: string; rpId: string; origin: string }) {
  passkey.counter += 1;
  const counter = Buffer.alloc(4);
  counter.writeUInt32BE(passkey.counter);
  const authenticatorData = Buffer.concat([sha256(options.rpId), Buffer.from([flags.userPresent | flags.userVerified]), counter]);
  const clientDataJSON = clientData('webauthn.get', options.challenge, options.origin);
  const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), passkey.privateKey);
  return {
    id: b64(passkey.id),
    rawId: b64(passkey.id),
    type: 'public-key',
    response: { clientDataJSON: b64(clientDataJSON), authenticatorData: b64(authenticatorData), signature: b64(signature) },
    clientExtensionResults: {},
  };
}
