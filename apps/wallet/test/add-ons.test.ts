import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { dialects } from '../../../packages/server/test/support/dialects.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { addParking, buyInWallet, eventWithGate, readQr, screenshotInBoth } from './support.ts';
import { buyAtProvider, paymentServers, settleAtProvider, walletErrors, type PaymentServers } from './payment-support.ts';

describe.skipIf(!browserAvailable)('wallet: add-ons beside the tickets (parking)', () => {
  const web = webTestBed();

  /** A check-in list for parking only, and a scanner on it: the car park's gate. Returns the scanner's token. */
  async function carParkGate(organizerToken: string, eventId: string, parkingId: string) {
    const post = (url: string, payload: object) => web.server.app.inject({ method: 'POST', url, headers: bearer(organizerToken), payload });
    const list = await post(`/api/v1/events/${eventId}/check-in-lists`, { name: 'Car park', ticketTypeIds: [parkingId] });
    const device = await post(`/api/v1/events/${eventId}/gate-devices`, { name: 'car park', checkInListId: list.json().id });
    expect(device.statusCode, device.body).toBe(201);
    return device.json().token as string;
  }

  it('sells a ticket and parking in one order, each with a code of its own, and parking alone to a holder', async () => {
    const event = await eventWithGate(web.server.app);
    const parkingId = await addParking(web.server.app, event.organizer.token, event.eventId);
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    const eventPage = `${web.server.baseUrl}/wallet/e/${event.eventId}`;

    // Without a ticket: parking is offered apart from the tickets, with a ticket only.
    await page.goto(eventPage);
    await page.getByRole('heading', { name: 'Extras' }).waitFor();
    const moreParking = page.getByRole('button', { name: 'One more Parking', exact: true });
    const why = page.getByText('Parking is sold with a ticket only: add a ticket above first.');
    await why.waitFor();
    expect(await moreParking.isDisabled()).toBe(true);
    expect(await moreParking.getAttribute('aria-describedby')).toBe(await why.getAttribute('id'));
    expect(await page.getByTestId('product-Parking').innerText()).toContain('with a ticket only');
    await screenshotInBoth(page, 'event-addons-visitor', 'Parking is alleen te koop met een ticket: kies hierboven eerst een ticket.');

    // A ticket in the basket lets parking in, in the same order.
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    await expect.poll(() => moreParking.isDisabled()).toBe(false);
    expect(await why.count()).toBe(0);
    await moreParking.click();
    await page.getByRole('button', { name: 'Buy for €45.00' }).click();
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    expect(await page.locator('.checkout-items li').allInnerTexts()).toEqual(['1 × Standing €35.00', '1 × Parking €10.00']);
    await page.getByRole('button', { name: 'Pay', exact: true }).click();

    // My tickets: parking under the ticket, marked as an add-on.
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await expect.poll(() => page.getByTestId('ticket-row').allInnerTexts()).toEqual([expect.stringMatching(/^Ticket 1 · Standing\s+Valid$/), expect.stringMatching(/^Parking\s+Add-on\s+Valid$/)]);
    await screenshot(page, 'wallet', 'my-tickets-addon');

    // The ticket screen: one code at a time, a switch between the ticket and parking.
    await page.getByTestId('ticket-row').nth(1).click();
    await page.getByRole('img', { name: 'Code for Parking at Night of Tests' }).waitFor();
    const parkingQr = await readQr(page);
    expect(parkingQr.text).toMatch(/^TG1:/);
    expect(await page.getByTestId('ticket-qr').count()).toBe(1);
    const size = await page.getByTestId('ticket-qr').evaluate((canvas) => canvas.getBoundingClientRect().width);
    expect(size / (57 + 8)).toBeGreaterThanOrEqual(4);
    const switcher = page.getByRole('navigation', { name: 'Your tickets and extras for Night of Tests' });
    expect(await switcher.getByRole('link').allInnerTexts()).toEqual(['Ticket 1 · Standing', 'Parking']);
    expect(await switcher.getByRole('link', { name: 'Parking' }).getAttribute('aria-current')).toBe('page');
    await screenshotInBoth(page, 'ticket-addon', 'Zet je scherm feller. De code verandert om de paar seconden; een screenshot werkt niet.');
    await switcher.getByRole('link', { name: 'Ticket 1 · Standing' }).click();
    await page.getByRole('img', { name: 'Entry code for Night of Tests' }).waitFor();
    const ticketQr = await readQr(page);
    expect(ticketQr.text).not.toBe(parkingQr.text);

    // A holder is offered parking on its own.
    await page.goto(eventPage);
    await page.getByRole('heading', { name: 'Add Parking to your Night of Tests' }).waitFor();
    await page.getByText('You have a ticket for this event, so extras can be bought on their own.').waitFor();
    expect(await page.getByTestId('product-Parking').innerText()).not.toContain('with a ticket only');
    await screenshotInBoth(page, 'event-addons-holder', 'Voeg Parking toe aan je Night of Tests');
    await moreParking.click();
    await page.getByRole('button', { name: 'Buy for €10.00' }).click();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await expect.poll(() => page.getByTestId('ticket-row').allInnerTexts()).toEqual([
      expect.stringMatching(/^Ticket 1 · Standing/),
      expect.stringMatching(/^Parking 1\s+Add-on/),
      expect.stringMatching(/^Parking 2\s+Add-on/),
    ]);
    // Parking is on the phone now: the event's link no longer offers it.
    await page.getByRole('link', { name: 'Event page' }).waitFor();

    // Each code read from the screen is its own: the ticket opens the entrance, parking the car park only.
    const carPark = await carParkGate(event.organizer.token, event.eventId, parkingId);
    expect(await uploadScan(web.server.app, event.gateToken, ticketQr.text, { at: ticketQr.at })).toMatchObject({ verdict: 'accepted' });
    expect(await uploadScan(web.server.app, event.gateToken, parkingQr.text, { at: parkingQr.at })).toMatchObject({ reason: 'not_admitted_here' });
    expect(await uploadScan(web.server.app, carPark, parkingQr.text, { at: parkingQr.at })).toMatchObject({ verdict: 'accepted' });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('another phone: parking only with a ticket; a cancelled ticket and stopped sales are said plainly', async () => {
    const event = await eventWithGate(web.server.app, { maxTicketsPerAccount: 2 });
    const parkingId = await addParking(web.server.app, event.organizer.token, event.eventId);
    const organizer = (method: 'POST' | 'PATCH', url: string, payload: object) => web.server.app.inject({ method, url, headers: bearer(event.organizer.token), payload });
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const moreParking = page.getByRole('button', { name: 'One more Parking', exact: true });

    await page.goto(`${web.server.baseUrl}/wallet/e/${event.eventId}`);
    await page.getByText('Parking is sold with a ticket only: add a ticket above first.').waitFor();
    expect(await moreParking.isDisabled()).toBe(true);
    // The limit per phone counts tickets, not extras.
    expect(await page.getByTestId('limit').innerText()).toBe('At most 2 tickets per phone for this event. Extras do not count.');

    // A ticket the organizer cancelled after the phone last looked: the server refuses parking alone, and says why.
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    const ticketId = (await page.getByTestId('ticket-row').first().getAttribute('href'))!.split('/').pop();
    expect((await organizer('POST', `/api/v1/events/${event.eventId}/tickets/${ticketId}/revoke`, { reason: 'refunded at the desk' })).statusCode).toBe(200);
    await page.getByRole('link', { name: 'Add Parking to your Night of Tests' }).click();
    await page.getByTestId('limit').getByText('This phone has 1 already.').waitFor();
    await moreParking.click();
    await page.getByRole('button', { name: 'Buy for €10.00' }).click();
    await page.getByRole('alert').getByText('Parking is sold with a ticket only: add a ticket to your order first.').waitFor();
    await page.getByRole('heading', { name: 'Extras' }).waitFor();
    expect(await moreParking.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Choose tickets or extras' }).waitFor();
    await screenshot(page, 'wallet', 'event-addons-admission-required');

    // Parking's sale stopped while it was in the basket.
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    await moreParking.click();
    expect((await organizer('PATCH', `/api/v1/events/${event.eventId}/ticket-types/${parkingId}`, { salesStopped: true })).statusCode).toBe(200);
    await page.getByRole('button', { name: 'Buy for €45.00' }).click();
    await page.getByRole('alert').getByText('Sorry, Parking is no longer for sale.').waitFor();
    expect(await page.getByTestId('product-Parking').innerText()).toContain('No longer for sale');
    await page.getByRole('button', { name: 'Buy for €35.00' }).waitFor();
    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('alert').getByText('Sorry, Parking is niet meer te koop.').waitFor();
    await screenshot(page, 'wallet', 'event-addons-stopped-nl');
    await context.close();
  }, 120_000);

  describe('paid at Mollie', () => {
    let world: PaymentServers;
    beforeAll(async () => {
      world = await paymentServers(dialects[0]!);
    });
    afterAll(() => world?.stop());

    it('back from the hosted page, the order page lists parking with the ticket it came with', async () => {
      const { server } = world;
      const event = await eventWithGate(server.app);
      await addParking(server.app, event.organizer.token, event.eventId);
      const context = await web.browser.newContext(phone);
      const page = await context.newPage();
      const errors = walletErrors(page, server.baseUrl);

      const paymentId = await buyAtProvider(page, server.baseUrl, event.eventId, 1, ['Parking']);
      expect(world.mollie.payments.get(paymentId)).toMatchObject({ amount: { currency: 'EUR', value: '45.00' } });
      await settleAtProvider(page, 'paid');
      await page.getByTestId('order-status').getByRole('heading', { name: 'Your tickets are on this phone' }).waitFor();
      await expect.poll(() => page.getByTestId('order-ticket').allInnerTexts()).toEqual([
        expect.stringMatching(/^Ticket 1 · Standing\s+Valid$/),
        expect.stringMatching(/^Parking\s+Add-on\s+Valid$/),
      ]);
      await screenshot(page, 'wallet', 'order-paid-addon');
      await page.getByTestId('order-ticket').nth(1).click();
      await page.getByRole('img', { name: 'Code for Parking at Night of Tests' }).waitFor();
      expect((await readQr(page)).text).toMatch(/^TG1:/);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  });
});
