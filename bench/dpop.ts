import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/** A wallet holder key (P-256) that signs DPoP proofs (RFC 9449) synchronously with node:crypto. */
export interface Holder {
  privateKey: KeyObject;
  /** base64url of the protected header, fixed per key. */
  headerB64: string;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function newHolder(): Holder {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y } };
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

