import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** A wallet holder key (P-256) that signs DPoP proofs (RFC 9449) synchronously with node:crypto. */
export interface Holder {
  privateKey: KeyObject;
  /** base64url of the protected header, fixed per key. */
  headerB64: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * The public key comes as DER and x, y are its last 64 bytes (an uncompressed point): exporting a
 * fresh key as JWK deadlocks Node 20 now and then when a collection runs inside the export
 * (seen with 20,500 keys: KeyGenJob's destructor waits on the key's mutex that the export holds).
 */
export function newHolder(): Holder {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding: { type: 'spki', format: 'der' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } });
  const privateKey = createPrivateKey({ key: pair.privateKey, format: 'der', type: 'pkcs8' });
  const point = pair.publicKey.subarray(-64);
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(0, 32)), y: b64url(point.subarray(32)) } };
  return { privateKey, headerB64: b64url(JSON.stringify(header)) };
}

let counter = 0;
const jtiPrefix = randomBytes(6).toString('hex');

/** A fresh proof: unique jti (process prefix + counter), iat now in whole seconds. */
export function dpopProof(holder: Holder, htm: string, htu: string): string {
  const jti = `${jtiPrefix}-${(counter++).toString(36)}-${randomBytes(4).toString('hex')}`;
  const payload = { htm, htu, iat: Math.floor(Date.now() / 1000), jti };
  const signingInput = `${holder.headerB64}.${b64url(JSON.stringify(payload))}`;
  const signature = sign('sha256', Buffer.from(signingInput), { key: holder.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${signature.toString('base64url')}`;
}

