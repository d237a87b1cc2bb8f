import { describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { buyInWallet, eventWithGate, readQr } from './support.ts';

describe.skipIf(!browserAvailable)('wallet: live inbox and vouchers', () => {
  const web = webTestBed();

  it('shows a message the moment it is sent, in the wallet language, and its voucher opens at the bar with its own rotating QR', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = (url: string, payload: object) => web.server.app.inject({ method: 'POST', url, headers: bearer(event.organizer.token), payload });
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    await screenshot(page, 'wallet', 'inbox-empty');
    const campaign = await organizer(`/api/v1/events/${event.eventId}/voucher-campaigns`, { name: 'Free drink', description: 'One drink of your choice at the bar.' });
    expect(campaign.statusCode).toBe(201);
    const sent = await organizer(`/api/v1/events/${event.eventId}/messages`, {
      title: 'Doors open at 19:00',
      body: 'Welcome! Your first drink is on us.',
      translations: { nl: { title: 'Deuren open om 19:00', body: 'Welkom! Je eerste drankje is van ons.' } },
      voucherCampaignId: campaign.json().id,
    });
    expect(sent.statusCode).toBe(201);

    // No reload: the stream delivers it.
    const message = page.getByTestId('message');
    await message.getByRole('heading', { name: 'Doors open at 19:00' }).waitFor();
    await screenshot(page, 'wallet', 'inbox-message');
    await message.getByRole('link', { name: /voucher/ }).click();
    const voucher = page.getByTestId('voucher');
    await voucher.getByRole('heading', { name: 'Free drink' }).waitFor();
    await voucher.getByRole('button', { name: 'Show code' }).click();
    const qr = await readQr(page, 'voucher-qr');
    await screenshot(page, 'wallet', 'voucher');
    expect(await uploadScan(web.server.app, event.gateToken, qr.text, { at: qr.at, mode: 'voucher' })).toMatchObject({ verdict: 'accepted' });

    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('heading', { name: 'Vouchers' }).waitFor();
    await page.getByRole('link', { name: 'Berichten' }).click();
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    // The organizer wrote it in Dutch too: a Dutch wallet reads that text.
    await message.getByRole('heading', { name: 'Deuren open om 19:00' }).waitFor();
    await message.getByText('Welkom! Je eerste drankje is van ons.').waitFor();
    await screenshot(page, 'wallet', 'inbox-message-nl');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
