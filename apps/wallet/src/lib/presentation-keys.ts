import { base64urlDecode, base64urlEncode, bytesEqual, compressP256, concatBytes, parseCredential, uuidToBytes } from '@ticketguard/protocol';
import { deviceKey, makeKey, type DeviceKey } from './device-key.ts';
import { idb } from './idb.ts';
import { api } from './wallet-api.ts';

/**
 * Presentation keys (decision 2026-12-06, "Unlinkable at the gate"): one key per organizer, so that the
 * holder key in the QR, which every scanner of that organizer reads, is one no other organizer ever sees.
 * DPoP proofs stay signed by the device key. Keys are kept like it, in IndexedDB and not extractable.
 */
const encoder = new TextEncoder();
const domain = encoder.encode('TG-PKEY-v1');
const sign = async (key: CryptoKey, bytes: Uint8Array<ArrayBuffer>) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes));

/** The account thumbprint: the raw SHA-256 of the RFC 7638 input of the device key (members in order, no spaces). */
export async function accountThumbprint({ x, y }: DeviceKey['jwk']) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))));
}

/** What a new key signs to register: "TG-PKEY-v1" || organizer id (16 bytes) || account thumbprint (32 bytes). */
export function registrationMessage(organizerId: string, thumbprint: Uint8Array) {
  if (thumbprint.length !== 32) throw new RangeError('an account thumbprint is 32 bytes');
  return concatBytes(domain, uuidToBytes(organizerId), thumbprint);
}

/** A key as a credential carries it: the compressed P-256 point. */
const holderKeyOf = ({ x, y }: DeviceKey['jwk']) => compressP256(concatBytes(Uint8Array.of(4), base64urlDecode(x), base64urlDecode(y)));

/** The private key that a credential binds: the device key, or one of the organizers' presentation keys. */
export async function signingKeyFor(credential: Uint8Array) {
  const { holderKey } = parseCredential(credential);
  const device = await deviceKey();
  return ((await idb.all<DeviceKey>('keys')).find((key) => bytesEqual(holderKeyOf(key.jwk), holderKey)) ?? device).privateKey;
}

/**
 * Gives each organizer whose credentials on this account still bind the device key a presentation key
 * of its own: made here, kept before it is sent (so a lost answer loses no key), and registered with a
 * signature that ties it to this account and organizer. The server then reissues that organizer's
 * tickets and vouchers (seq + 1). After a recovery every ticket binds the new phone's device key again,
 * so this registers anew. Returns whether any key was registered: the tickets must be fetched again.
 */
export async function registerPresentationKeys(credentials: { organizerId: string; credential: string }[]) {
  const device = await deviceKey();
  const deviceHolderKey = holderKeyOf(device.jwk);
  const bindsDevice = ({ credential }: { credential: string }) => bytesEqual(parseCredential(base64urlDecode(credential)).holderKey, deviceHolderKey);
  const organizers = new Set(credentials.filter(bindsDevice).map((c) => c.organizerId));
  const thumbprint = await accountThumbprint(device.jwk);
  let registered = false;
  for (const organizerId of organizers) {
    const key = await makeKey();
    await idb.put('keys', `organizer:${organizerId}:${key.jwk.x}`, key);
    const signature = base64urlEncode(await sign(key.privateKey, registrationMessage(organizerId, thumbprint)));
    // One that fails (offline, refused) is tried again at the next sync; its tickets work with the device key meanwhile.
    registered = (await api('PUT', `/api/v1/me/presentation-keys/${organizerId}`, { jwk: key.jwk, signature }).then(() => true, () => false)) || registered;
  }
  return registered;
}
