/** The 194-byte rotating presentation of PROTOCOL.md section 3 and its `TG1:` QR text. */
import { base45Decode, base45Encode } from './base45.ts';
import { concatBytes, readUint32BE, writeUint32BE } from './bytes.ts';
import { CREDENTIAL_LENGTH, parseCredential } from './credential.ts';
import type { ParsedCredential } from './credential.ts';
import { MalformedError } from './malformed-error.ts';

export const PRESENTATION_LENGTH = 194;
export const QR_PREFIX = 'TG1:';
/** 194 bytes = 97 Base45 triples. */
const QR_BODY_LENGTH = 291;
const SIGNED_LENGTH = 130;

/** Domain tag separating holder presentations from every other use of the device key (DPoP). */
export const PRESENTATION_DOMAIN = new TextEncoder().encode('TG-PRES-v1');

/** What the holder signs: `TG-PRES-v1` || bytes 0..129 (credential || presentedAt). */
export function presentationSigningInput(signedPart: Uint8Array): Uint8Array<ArrayBuffer> {
  if (signedPart.length !== SIGNED_LENGTH) throw new RangeError('signed part must be 130 bytes');
  return concatBytes(PRESENTATION_DOMAIN, signedPart);
}

/**
 * Signs with the device key. WebCrypto ECDSA already emits IEEE P1363 (r||s) and does not force
 * low-S, which is why verifiers must accept high-S. `presentedAt` is unix seconds on the wallet's
 * server-corrected clock.
 */
export async function createPresentation(
  credentialBytes: Uint8Array,
  holderPrivateKey: CryptoKey,
  presentedAt: number,
): Promise<Uint8Array<ArrayBuffer>> {
  parseCredential(credentialBytes);
  const signedPart = new Uint8Array(SIGNED_LENGTH);
  signedPart.set(credentialBytes, 0);
  writeUint32BE(signedPart, CREDENTIAL_LENGTH, Math.floor(presentedAt));
  const signature = await globalThis.crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    holderPrivateKey,
    presentationSigningInput(signedPart),
  );
  return concatBytes(signedPart, new Uint8Array(signature));
}

export function presentationToQrText(presentation: Uint8Array): string {
  if (presentation.length !== PRESENTATION_LENGTH) throw new RangeError('a presentation is 194 bytes');
  return QR_PREFIX + base45Encode(presentation);
}

export interface ParsedPresentation {
  credential: ParsedCredential;
  presentedAt: number;
  /** 64-byte P1363 signature. */
  holderSignature: Uint8Array;
  /** Bytes 0..129, the part the holder signature covers (without the domain tag). */
  signedPart: Uint8Array;
  /** All 194 bytes. */
  bytes: Uint8Array;
}

/**
 * Parses scanner input; throws MalformedError. Only surrounding whitespace is trimmed (keyboard
 * wedges append CR/LF). That is safe although Base45 contains a space: the text starts with `T`, and
 * the last character of a full Base45 triple is at most 65535 / 2025 = 32 ('W'), never a space.
 */
export function parseQrText(text: string): ParsedPresentation {
  const trimmed = text.trim();
  if (!trimmed.startsWith(QR_PREFIX)) throw new MalformedError('no_prefix', `QR text must start with ${QR_PREFIX}`);
  const body = trimmed.slice(QR_PREFIX.length);
  // Length first: cheap, and it keeps an oversized input from being decoded at all.
  if (body.length !== QR_BODY_LENGTH) throw new MalformedError('bad_length', `QR body must be ${QR_BODY_LENGTH} characters`);
  const bytes = base45Decode(body);
  return {
    credential: parseCredential(bytes.subarray(0, CREDENTIAL_LENGTH)),
    presentedAt: readUint32BE(bytes, CREDENTIAL_LENGTH),
    holderSignature: bytes.slice(SIGNED_LENGTH),
    signedPart: bytes.slice(0, SIGNED_LENGTH),
    bytes,
  };
}
