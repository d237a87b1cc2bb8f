/**
 * Building blocks for make-test-vectors.ts: fixed keys and the byte layout of PROTOCOL.md sections
 * 2-3, assembled by hand with node:crypto rather than through src/, so the vectors cross-check the
 * package instead of echoing it. Holder signatures use noble's RFC 6979 deterministic ECDSA
 * (node:crypto's is randomised), so the generated file is reproducible.
 */
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { base45Encode } from '../src/base45.ts';

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
export const b64u = (b: Uint8Array): string => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string): Buffer => createHash('sha256').update(b).digest();

export const NOW = 1795982400; // 2026-11-29T20:00:00Z, doors open
export const NOT_AFTER = 1796011200; // 2026-11-30T04:00:00Z, end of event + grace
export const EVENT_ID = '5d0c7a52-3f1e-4b8a-9c6d-2e4f6a8b0c1d';
export const TICKET_TYPE = '8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b';
export const CAMPAIGN = 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f';
export const VIP_TYPE = '9f2a3b4c-5d6e-4f7a-8b9c-0d1e2f3a4b5c';
export const PARKING_TYPE = 'a03b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
export const subject = {
  valid: '0b9e4b1c-5f7a-4d2e-9c3b-7a1e2f3d4c5b',
  checkedIn: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  revoked: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  superseded: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  supersededRevoked: '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a',
  lowerSeqInPack: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
  localCheckIn: '6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c',
  voucher: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  notInPack: '8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e',
  vip: '9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f',
  parking: 'ad1e2f3a-4b5c-4d6e-9f7a-8b9c0d1e2f3a',
  checkedOut: 'be2f3a4b-5c6d-4e7f-8a8b-9c0d1e2f3a4b',
};

function issuerKey(label: string) {
  const seed = sha256(`ticketguard test vector ${label}`);
  // PKCS#8 wrapper for a raw Ed25519 seed (RFC 8410).
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  const publicKey = Buffer.from(privateKey.export({ format: 'jwk' }).x!, 'base64url');
  const kid = sha256(publicKey).subarray(0, 4);
  return { seed, publicKey, kid, sign: (m: Uint8Array) => sign(null, m, privateKey) };
}

function holderKey(label: string) {
  const d = sha256(`ticketguard test vector ${label}`);
  const point = p256.getPublicKey(d, false);
  const jwk = { kty: 'EC', crv: 'P-256', x: b64u(point.subarray(1, 33)), y: b64u(point.subarray(33)), d: b64u(d) };
  return { d, jwk, compressed: p256.getPublicKey(d, true) };
}

export const issuer = issuerKey('issuer key 1');
export const otherIssuer = issuerKey('issuer key 2');
export const holder = holderKey('holder key 1');
export const otherHolder = holderKey('holder key 2');

export interface CredentialSpec {
  type?: number;
  subjectId: string;
  seq: number;
  notAfter?: number;
  kid?: Uint8Array;
  signer?: typeof issuer;
  holderKey?: Uint8Array;
  /** Applied to the 126 bytes after signing, to break the issuer signature. */
  tamper?: (bytes: Buffer) => void;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function credentialBody(spec: CredentialSpec): Buffer {
  return Buffer.concat([
    Buffer.from([spec.type ?? 0x01]),
    Buffer.from(spec.subjectId.replaceAll('-', ''), 'hex'),
    spec.kid ?? issuer.kid,
    u32(spec.seq),
    u32(spec.notAfter ?? NOT_AFTER),
    spec.holderKey ?? holder.compressed,
  ]);
}

export function makeCredential(spec: CredentialSpec): Buffer {
  const body = credentialBody(spec);
  const signature = (spec.signer ?? issuer).sign(Buffer.concat([Buffer.from('TG-CRED-v1'), body]));
  const bytes = Buffer.concat([body, signature]);
  spec.tamper?.(bytes);
  return bytes;
}

export interface PresentationSpec {
  presentedAt: number;
  signerKey?: typeof holder;
  highS?: boolean;
  /** presentedAt written into the bytes after signing, to break the holder signature. */
  claimedAt?: number;
}

export function holderSigningInput(credential: Buffer, presentedAt: number): Buffer {
  return Buffer.concat([Buffer.from('TG-PRES-v1'), credential, u32(presentedAt)]);
}

export function makePresentation(credential: Buffer, spec: PresentationSpec): Buffer {
  const signature = Buffer.from(p256.sign(holderSigningInput(credential, spec.presentedAt), (spec.signerKey ?? holder).d));
  if (spec.highS) {
    const n = p256.Point.Fn.ORDER;
    const s = BigInt('0x' + signature.subarray(32).toString('hex'));
    Buffer.from((n - s).toString(16).padStart(64, '0'), 'hex').copy(signature, 32);
  }
  return Buffer.concat([credential, u32(spec.claimedAt ?? spec.presentedAt), signature]);
}

export const qrOf = (presentation: Uint8Array): string => 'TG1:' + base45Encode(presentation);
export const qrFor = (credential: CredentialSpec, presentation: PresentationSpec): string =>
  qrOf(makePresentation(makeCredential(credential), presentation));
