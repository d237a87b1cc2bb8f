import { base64urlEncode as base64url } from '@ticketguard/protocol';
import { serverNow } from '@ticketguard/web/server-clock.ts';
import { deviceKey } from './device-key.ts';

const encoder = new TextEncoder();

const part = (value: object) => base64url(encoder.encode(JSON.stringify(value)));

/**
 * A DPoP proof (RFC 9449, PROTOCOL.md section 7) signed by the device key. WebCrypto's ECDSA gives
 * r‖s (IEEE P1363), which is exactly the JWS ES256 signature. `iat` is on the server-corrected
 * clock so a phone with a wrong clock is not refused.
 */
export async function dpopProof(method: string, url: string) {
  const key = await deviceKey();
  const htu = new URL(url, location.origin);
  const header = part({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk });
  const payload = part({ htm: method, htu: htu.origin + htu.pathname, iat: Math.floor(serverNow().getTime() / 1000), jti: crypto.randomUUID() });
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, encoder.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}
