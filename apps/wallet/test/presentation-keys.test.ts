import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesEqual } from '@ticketguard/protocol';
import { accountThumbprint, registrationMessage } from '../src/lib/presentation-keys.ts';
import { presentationKeyMessage, thumbprintOf } from '../../../packages/server/src/domain/accounts/presentation-keys.ts';
import { browserAvailable, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { buyInWallet, eventWithGate, readQr, virtualAuthenticator } from './support.ts';
import { asOrganizer, deviceHolderKey, holderKeyIn, smallPhone } from './first-real-event-support.ts';

describe('presentation keys: what a new key signs to register', () => {
  it('is "TG-PKEY-v1", the organizer id as 16 bytes and the account thumbprint as 32, byte for byte as the server checks it', async () => {
    const organizerId = randomUUID();
    const thumbprint = randomBytes(32);
    const message = registrationMessage(organizerId, thumbprint);
    expect(message).toHaveLength(58);
    expect(new TextDecoder().decode(message.subarray(0, 10))).toBe('TG-PKEY-v1');
    expect(Buffer.from(message.subarray(10, 26)).toString('hex')).toBe(organizerId.replaceAll('-', ''));
    expect(bytesEqual(message.subarray(26), thumbprint)).toBe(true);
    expect(Buffer.from(message).equals(presentationKeyMessage(organizerId, thumbprint))).toBe(true);
    expect(() => registrationMessage(organizerId, thumbprint.subarray(1))).toThrow(RangeError);
  });

  it('takes the account thumbprint of RFC 7638, as the server names accounts', async () => {
    const { publicKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const { x, y } = await crypto.subtle.exportKey('jwk', publicKey);
    const jwk = { kty: 'EC' as const, crv: 'P-256' as const, x: x!, y: y! };
    expect(Buffer.from(await accountThumbprint(jwk)).equals(thumbprintOf(jwk))).toBe(true);
  });
});

describe.skipIf(!browserAvailable)('wallet: a presentation key per organizer (unlinkable at the gate)', () => {
  const web = webTestBed();

  it('shows each organizer a QR with a key of its own, never the account’s DPoP key; the gates admit them', async () => {
    const paradiso = await eventWithGate(web.server.app);
    const melkweg = await eventWithGate(web.server.app);
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    const codes = [];
    for (const event of [paradiso, melkweg]) {
      await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
      await page.goto(`${web.server.baseUrl}/wallet/`);
      await page.getByRole('region', { name: 'Night of Tests' }).first().waitFor();
    }
    const rows = page.getByTestId('ticket-row');
    await expect.poll(() => rows.count()).toBe(2);
    for (const i of [0, 1]) {
      await page.goto(`${web.server.baseUrl}/wallet/`);
      await rows.nth(i).click();
      codes.push(await readQr(page));
    }
    const device = await deviceHolderKey(page);
    const [first, second] = codes.map((code) => holderKeyIn(code.text));
    expect(bytesEqual(first!, device)).toBe(false);
    expect(bytesEqual(second!, device)).toBe(false);
    expect(bytesEqual(first!, second!)).toBe(false);

    // Each gate admits its own ticket, and only that one.
    const admitted = await Promise.all(codes.map((code) => Promise.all([paradiso, melkweg].map(async (event) =>
      (await uploadScan(web.server.app, event.gateToken, code.text, { at: code.at })).verdict === 'accepted'))));
    expect(admitted.map((gates) => gates.filter(Boolean).length)).toEqual([1, 1]);
    const paradisoKey = holderKeyIn(codes[admitted.findIndex(([atParadiso]) => atParadiso)]!.text);

    // A voucher of Paradiso's binds Paradiso's key too, and its bar admits it.
    const organizer = asOrganizer(web.server.app, paradiso.organizer.token);
    const campaign = await organizer('POST', `/api/v1/events/${paradiso.eventId}/voucher-campaigns`, { name: 'Free drink', description: 'At the bar.' });
    await organizer('POST', `/api/v1/events/${paradiso.eventId}/messages`, { title: 'A drink on us', body: 'Cheers.', voucherCampaignId: campaign.json().id });
    await page.getByRole('link', { name: 'Vouchers' }).click();
    await page.getByTestId('voucher').getByRole('button', { name: 'Show code' }).click();
    const voucher = await readQr(page, 'voucher-qr');
    expect(bytesEqual(holderKeyIn(voucher.text), paradisoKey)).toBe(true);
    expect(await uploadScan(web.server.app, paradiso.gateToken, voucher.text, { at: voucher.at, mode: 'voucher' })).toMatchObject({ verdict: 'accepted' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('registers new keys after a recovery: the new phone’s QR binds neither its DPoP key nor the old phone’s key', async () => {
    const event = await eventWithGate(web.server.app);
    const oldContext = await web.browser.newContext(smallPhone);
    const oldPhone = await oldContext.newPage();
    const oldAuthenticator = await virtualAuthenticator(oldPhone);
    await buyInWallet(oldPhone, web.server.baseUrl, event.eventId, 1);
    await oldPhone.getByTestId('ticket-row').first().click();
    const before = await readQr(oldPhone);
    expect(bytesEqual(holderKeyIn(before.text), await deviceHolderKey(oldPhone))).toBe(false);
    await oldPhone.getByRole('button', { name: 'Back up with a passkey' }).click();
    await oldPhone.getByTestId('backup-done').waitFor();
    const { credentials } = await oldAuthenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: oldAuthenticator.authenticatorId });

    const newContext = await web.browser.newContext(smallPhone);
    const newPhone = await newContext.newPage();
    const errors = watchConsole(newPhone);
    const newAuthenticator = await virtualAuthenticator(newPhone);
    await newAuthenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: newAuthenticator.authenticatorId, credential: credentials[0]! });
    await newPhone.goto(`${web.server.baseUrl}/wallet/recover`);
    await newPhone.getByRole('button', { name: 'Recover with my passkey' }).click();
    await newPhone.getByTestId('ticket-row').first().click();
    const after = await readQr(newPhone);
    const holder = holderKeyIn(after.text);
    expect(bytesEqual(holder, await deviceHolderKey(newPhone))).toBe(false);
    expect(bytesEqual(holder, holderKeyIn(before.text))).toBe(false);
    expect(await uploadScan(web.server.app, event.gateToken, after.text, { at: after.at })).toMatchObject({ verdict: 'accepted' });
    expect(await uploadScan(web.server.app, event.gateToken, before.text, { at: before.at })).toMatchObject({ verdict: 'rejected', reason: 'superseded' });
    expect(errors).toEqual([]);
    await Promise.all([oldContext.close(), newContext.close()]);
  }, 120_000);

  it('keeps working for a wallet that registers no key: an organizer that has none sees the device key', async () => {
    const event = await eventWithGate(web.server.app);
    const context = await web.browser.newContext(smallPhone);
    // This wallet's registrations fail (as on a server without the route): its tickets keep the device key.
    await context.route('**/api/v1/me/presentation-keys/**', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"error":{"code":"not_found","message":"no such route"}}' }));
    const page = await context.newPage();
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    await page.getByTestId('ticket-row').first().click();
    const code = await readQr(page);
    expect(bytesEqual(holderKeyIn(code.text), await deviceHolderKey(page))).toBe(true);
    expect(await uploadScan(web.server.app, event.gateToken, code.text, { at: code.at })).toMatchObject({ verdict: 'accepted' });
    await context.close();
  }, 60_000);
});
