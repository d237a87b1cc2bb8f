import { idb } from './idb.ts';

export interface DeviceKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** The public key as the DPoP header carries it. */
  jwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
}

/**
 * An ECDSA P-256 key made on this phone with `extractable: false`, so its private part can sign but
 * never be read out. WebCrypto always makes the public half extractable, which is what lets us send it as a JWK.
 */
export async function makeKey(): Promise<DeviceKey> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const { x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, jwk: { kty: 'EC', crv: 'P-256', x: x!, y: y! } };
}

let current: Promise<DeviceKey> | undefined;

/** The trust anchor (PROTOCOL.md section 1): the phone's holder key, kept in IndexedDB as it is. */
export function deviceKey() {
  current ??= (async () => {
    const stored = await idb.get<DeviceKey>('keys', 'device');
    if (stored) return stored;
    const key = await makeKey();
    await idb.put('keys', 'device', key);
    return key;
  })();
  current.catch(() => (current = undefined));
  return current;
}

/**
 * The keys no longer speak for any account (its tickets were recovered on another phone): start afresh,
 * without the organizers' presentation keys too.
 */
export async function forgetKeys() {
  current = undefined;
  await idb.clear('keys');
}
