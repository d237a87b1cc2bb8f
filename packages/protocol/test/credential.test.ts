import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  credentialSigningInput,
  encodeCredentialBody,
  hexDecode,
  hexEncode,
  issueCredential,
  MalformedError,
  parseCredential,
} from '../src/index.ts';
import type { CredentialFields } from '../src/index.ts';

const holderKey = hexDecode('03e9579bbb08299b7d2459abab3f8ab0e429249fffb709746d1a7443157967d0bf');
const fields: CredentialFields = {
  type: 'voucher',
  subjectId: 'C4D5E6F7-A8B9-4C0D-9E1F-2A3B4C5D6E7F',
  kid: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
  seq: 0x01020304,
  notAfter: 0xfffffffe,
  holderKey,
};
const { privateKey } = generateKeyPairSync('ed25519');
const signer = (message: Uint8Array) => sign(null, message, privateKey);

describe('credential', () => {
  it('puts every field at the offset of PROTOCOL.md section 2', async () => {
    const bytes = await issueCredential(fields, signer);
    expect(bytes.length).toBe(126);
    expect(bytes[0]).toBe(0x02);
    expect(hexEncode(bytes.subarray(1, 17))).toBe('c4d5e6f7a8b94c0d9e1f2a3b4c5d6e7f');
    expect(hexEncode(bytes.subarray(17, 21))).toBe('deadbeef');
    expect(hexEncode(bytes.subarray(21, 25))).toBe('01020304');
    expect(hexEncode(bytes.subarray(25, 29))).toBe('fffffffe');
    expect(bytes.subarray(29, 62)).toEqual(holderKey);
    const expectedSignature = signer(new Uint8Array([...new TextEncoder().encode('TG-CRED-v1'), ...bytes.subarray(0, 62)]));
    expect(bytes.subarray(62)).toEqual(new Uint8Array(expectedSignature));
  });

  it('round trips through parseCredential with a lowercase subject id', async () => {
    const bytes = await issueCredential(fields, signer);
    const parsed = parseCredential(bytes);
    expect(parsed).toMatchObject({
      type: 'voucher',
      subjectId: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f',
      kid: fields.kid,
      seq: fields.seq,
      notAfter: fields.notAfter,
      holderKey,
      bytes,
    });
    expect(parsed.signature.length).toBe(64);
    expect(encodeCredentialBody({ ...parsed, type: 'ticket' })[0]).toBe(0x01);
  });

  it('signs exactly TG-CRED-v1 || bytes 0..61 and awaits async signers', async () => {
    let seen: Uint8Array | undefined;
    await issueCredential(fields, async (m) => {
      seen = m;
      return new Uint8Array(64);
    });
    expect(new TextDecoder().decode(seen!.subarray(0, 10))).toBe('TG-CRED-v1');
    expect(seen!.subarray(10)).toEqual(encodeCredentialBody(fields));
    expect(credentialSigningInput(encodeCredentialBody(fields))).toEqual(seen);
  });

  it('refuses to issue out-of-range fields', async () => {
    const bad: Partial<CredentialFields>[] = [
      { seq: -1 },
      { notAfter: 2 ** 32 },
      { kid: new Uint8Array(3) },
      { holderKey: new Uint8Array(33) },
      { holderKey: new Uint8Array(65).fill(4) },
      { subjectId: 'not-a-uuid' },
      { type: 'coupon' as never },
    ];
    for (const b of bad) await expect(issueCredential({ ...fields, ...b }, signer)).rejects.toThrow();
    await expect(issueCredential(fields, () => new Uint8Array(63))).rejects.toThrow(RangeError);
  });

  it('throws typed errors for a wrong length or an unknown type', async () => {
    const bytes = await issueCredential(fields, signer);
    expect(() => parseCredential(bytes.subarray(0, 125))).toThrow(expect.objectContaining({ code: 'bad_length' }));
    const unknown = bytes.slice();
    for (const type of [0x00, 0x03, 0xff]) {
      unknown[0] = type;
      expect(() => parseCredential(unknown)).toThrow(MalformedError);
      expect(() => parseCredential(unknown)).toThrow(expect.objectContaining({ code: 'unknown_type' }));
    }
  });
});
