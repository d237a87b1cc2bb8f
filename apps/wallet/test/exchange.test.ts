import { describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { bearer, signUp } from '../../../packages/server/test/support/harness.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { buyInWallet, readQr } from './support.ts';

describe.skipIf(!browserAvailable)('wallet: face-value exchange and waiting list', () => {
  const web = webTestBed();

  it('a sold-out fan waits in line, the seller offers the ticket, the fan pays face value and gets in', async () => {
    const organizer = await signUp(web.server.app, 'Tivoli');
    const as = (url: string, payload?: object) => web.server.app.inject({ method: 'POST', url, headers: bearer(organizer.token), ...(payload ? { payload } : {}) });
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    const eventId = (await as('/api/v1/events', { name: 'Sold Out Night', venue: 'Tivoli', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(), transferPolicy: { mode: 'exchange' } })).json().id as string;
    expect((await as(`/api/v1/events/${eventId}/ticket-types`, { name: 'Standing', priceCents: 3500, currency: 'EUR', capacity: 1 })).statusCode).toBe(201);
    await as(`/api/v1/events/${eventId}/publish`);
    const gateToken = (await as(`/api/v1/events/${eventId}/gate-devices`, { name: 'door' })).json().token as string;

    const sellerContext = await web.browser.newContext(phone);
    const seller = await sellerContext.newPage();
    const fanContext = await web.browser.newContext(phone);
    const fan = await fanContext.newPage();
    const errors = [...[seller, fan].map(watchConsole)];
    await buyInWallet(seller, web.server.baseUrl, eventId, 1);

    await fan.goto(`${web.server.baseUrl}/wallet/e/${eventId}`);
    await fan.getByText('€35.00 · Sold out').waitFor();
    await fan.getByRole('button', { name: 'Join the waiting list' }).click();
    await fan.getByTestId('waiting').waitFor();
    await screenshot(fan, 'wallet', 'waiting-list');

    await seller.getByTestId('ticket-row').first().click();
    await seller.getByText(/^Offer this ticket on the exchange for its face value, €35.00/).waitFor();
    await seller.getByRole('button', { name: 'Offer on the exchange for €35.00' }).click();
    await seller.getByTestId('listed').waitFor();
    await screenshot(seller, 'wallet', 'exchange-listed');

    await fan.goto(`${web.server.baseUrl}/wallet/`);
    const offer = fan.getByTestId('resale-offer');
    await offer.getByRole('button', { name: 'Pay €35.00' }).waitFor();
    await screenshot(fan, 'wallet', 'exchange-offer');
    await offer.getByRole('button', { name: 'Pay €35.00' }).click();
    await fan.getByTestId('ticket-row').first().click();
    const qr = await readQr(fan);
    expect(await uploadScan(web.server.app, gateToken, qr.text, { at: qr.at })).toMatchObject({ verdict: 'accepted' });

    await seller.goto(`${web.server.baseUrl}/wallet/`);
    await seller.getByText('Sold on the exchange').waitFor();
    await screenshot(seller, 'wallet', 'exchange-sold');
    expect(errors.flat()).toEqual([]);
    await Promise.all([sellerContext.close(), fanContext.close()]);
  }, 120_000);
});
