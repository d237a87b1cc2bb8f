import { describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { buyInWallet, eventWithGate, readQr, virtualAuthenticator } from './support.ts';

describe.skipIf(!browserAvailable)('wallet: passkey backup and recovery on a new phone', () => {
  const web = webTestBed();

  it('backs up with a passkey; recovery elsewhere rebinds the tickets and the old phone’s QR is refused', async () => {
    const event = await eventWithGate(web.server.app);
    const oldContext = await web.browser.newContext(phone);
    const oldPhone = await oldContext.newPage();
    const oldErrors = watchConsole(oldPhone);
    const oldAuthenticator = await virtualAuthenticator(oldPhone);
    await buyInWallet(oldPhone, web.server.baseUrl, event.eventId, 1);
    await oldPhone.getByTestId('ticket-row').first().click();
    await oldPhone.getByRole('button', { name: 'Back up with a passkey' }).click();
    await oldPhone.getByTestId('backup-done').waitFor();
    await screenshot(oldPhone, 'wallet', 'passkey-backed-up');
    const { credentials } = await oldAuthenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: oldAuthenticator.authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]!.isResidentCredential).toBe(true);

    // The new phone: the passkey arrives as a synced passkey would.
    const newContext = await web.browser.newContext(phone);
    const newPhone = await newContext.newPage();
    const newErrors = watchConsole(newPhone);
    const newAuthenticator = await virtualAuthenticator(newPhone);
    await newAuthenticator.cdp.send('WebAuthn.addCredential', { authenticatorId: newAuthenticator.authenticatorId, credential: credentials[0]! });
    await newPhone.goto(`${web.server.baseUrl}/wallet/`);
    await newPhone.getByRole('heading', { name: 'No tickets on this phone yet' }).waitFor();
    await newPhone.getByRole('link', { name: 'New phone? Recover my tickets' }).click();
    await newPhone.getByRole('heading', { name: 'Recover my tickets' }).waitFor();
    await screenshot(newPhone, 'wallet', 'recover');
    await newPhone.getByRole('button', { name: 'Recover with my passkey' }).click();
    await newPhone.getByTestId('ticket-row').first().waitFor();
    await screenshot(newPhone, 'wallet', 'recovered-tickets');
    await newPhone.getByTestId('ticket-row').first().click();
    const recovered = await readQr(newPhone);
    expect(await uploadScan(web.server.app, event.gateToken, recovered.text, { at: recovered.at })).toMatchObject({ verdict: 'accepted' });

    // The old phone still draws its code from the old binding and key: the gate refuses it.
    const old = await readQr(oldPhone);
    expect(await uploadScan(web.server.app, event.gateToken, old.text, { at: old.at })).toMatchObject({ verdict: 'rejected', reason: 'superseded' });

    // And the old phone's key no longer speaks for the account: it says where the tickets went.
    await oldPhone.goto(`${web.server.baseUrl}/wallet/`);
    await oldPhone.getByText('This phone’s tickets moved to another phone').waitFor();
    await screenshot(oldPhone, 'wallet', 'old-phone-after-recovery');

    // The only errors on the old phone are the refused calls that told it so: its tickets, and its inbox
    // (asked for the tab's unread count at the same moment).
    expect(oldErrors.filter((e) => !e.includes('status of 401'))).toEqual([]);
    expect(oldErrors.length).toBeLessThanOrEqual(2);
    expect(newErrors).toEqual([]);
    await Promise.all([oldContext.close(), newContext.close()]);
  }, 120_000);
});
