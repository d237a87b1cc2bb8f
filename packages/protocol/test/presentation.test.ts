import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  base64urlEncode,
  createNobleVerifier,
  createPresentation,
  createWebCryptoVerifier,
  decideScan,
  gateStateFromPack,
  holderKeyFromCryptoKey,
  issueCredential,
  kidOf,
  parseQrText,
  presentationSigningInput,
  presentationToQrText,
} from '../src/index.ts';
import { nodeVerifier } from './helpers.ts';

const P256_N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;

async function setup() {
  const issuer = generateKeyPairSync('ed25519');
  const issuerRaw = Buffer.from(issuer.publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const kid = await kidOf(issuerRaw);
  const holder = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const now = Math.floor(Date.now() / 1000);
  const credential = await issueCredential(
    {
      type: 'ticket',
      subjectId: crypto.randomUUID(),
      kid,
      seq: 1,
      notAfter: now + 3600,
      holderKey: await holderKeyFromCryptoKey(holder.publicKey),
    },
    (m) => sign(null, m, issuer.privateKey),
  );
  const state = gateStateFromPack({
    format: 'tg-gate-pack/1',
    eventId: crypto.randomUUID(),
    generatedAt: new Date().toISOString(),
    cursor: 'c1',
    windowSeconds: 15,
    issuerKeys: [{ kid: base64urlEncode(kid), publicKey: base64urlEncode(issuerRaw) }],
    subjects: [],
  });
  return { holder, now, credential, state };
}

describe('presentation', () => {
  it('is 194 bytes with presentedAt at 126 and a holder signature over TG-PRES-v1 || bytes 0..129', async () => {
    const { holder, now, credential } = await setup();
    const bytes = await createPresentation(credential, holder.privateKey, now);
    expect(bytes.length).toBe(194);
    expect(bytes.subarray(0, 126)).toEqual(credential);
    expect(new DataView(bytes.buffer).getUint32(126)).toBe(now);
    const ok = await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      holder.publicKey,
      bytes.subarray(130),
      presentationSigningInput(bytes.subarray(0, 130)),
    );
    expect(ok).toBe(true);
  });

  it('makes a 295-character QR text in the QR alphanumeric set that parses back', async () => {
    const { holder, now, credential } = await setup();
    const bytes = await createPresentation(credential, holder.privateKey, now);
    const qr = presentationToQrText(bytes);
    expect(qr).toHaveLength(295);
    expect(qr).toMatch(/^TG1:[0-9A-Z $%*+\-./:]{291}$/);
    const parsed = parseQrText(`${qr}\r\n`);
    expect(parsed.presentedAt).toBe(now);
    expect(parsed.credential.bytes).toEqual(credential);
    expect(parsed.signedPart).toEqual(bytes.subarray(0, 130));
    expect(parsed.holderSignature).toEqual(bytes.subarray(130));
  });

  it('verifies with every verifier, high-S included, when signed by a real non-extractable key', async () => {
    const { holder, now, credential, state } = await setup();
    const verifiers = [createWebCryptoVerifier(), createNobleVerifier(), nodeVerifier];
    let highS = 0;
    // WebCrypto leaves about half of its signatures high-S; 24 tries all but guarantee some.
    for (let i = 0; i < 24; i++) {
      const bytes = await createPresentation(credential, holder.privateKey, now - (i % 10));
      const s = BigInt('0x' + Buffer.from(bytes.subarray(162)).toString('hex'));
      if (s > P256_N / 2n) highS++;
      for (const verifier of verifiers) {
        const decision = await decideScan({ qr: presentationToQrText(bytes), state, checkIns: new Map(), now, verifier });
        expect(decision).toMatchObject({ verdict: 'accepted', unknownInPack: true, presentedAt: now - (i % 10) });
      }
    }
    expect(highS).toBeGreaterThan(0);
  });

  it('refuses to sign a malformed credential or an out-of-range time', async () => {
    const { holder, now, credential } = await setup();
    await expect(createPresentation(credential.subarray(1), holder.privateKey, now)).rejects.toThrow();
    await expect(createPresentation(credential, holder.privateKey, -1)).rejects.toThrow(RangeError);
  });

  it('throws typed malformed errors from parseQrText', async () => {
    const { holder, now, credential } = await setup();
    const qr = presentationToQrText(await createPresentation(credential, holder.privateKey, now));
    expect(() => parseQrText(qr.slice(4))).toThrow(expect.objectContaining({ code: 'no_prefix' }));
    expect(() => parseQrText(qr.slice(0, -1))).toThrow(expect.objectContaining({ code: 'bad_length' }));
    expect(() => parseQrText(`${qr.slice(0, -1)}a`)).toThrow(expect.objectContaining({ code: 'bad_base45' }));
  });
});
