import { describe, expect, it } from 'vitest';
import { browserAvailable, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { eventWithGate } from './support.ts';
import { asOrganizer, available, checkInBoth, picture, smallPhone } from './first-real-event-support.ts';

/** Issue 18, the visitor's side: the event page, checkout and orders, the limit per phone. */
describe.skipIf(!browserAvailable)('wallet: ready for a first real event (buying)', () => {
  const web = webTestBed();

  it('shows the event: picture, description, doors, start and end, organizer, and a calendar file', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = asOrganizer(web.server.app, event.organizer.token);
    // Next year's event, so that its dates carry the year.
    const startsAt = new Date(new Date().getFullYear() + 1, 5, 12, 20, 0);
    const edit = await organizer('PATCH', `/api/v1/events/${event.eventId}`, {
      description: 'An evening of tests.\nBring earplugs.',
      doorsAt: new Date(startsAt.getTime() - 3600_000).toISOString(),
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3.5 * 3600_000).toISOString(),
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const image = await web.server.app.inject({ method: 'PUT', url: `/api/v1/events/${event.eventId}/image`, headers: { ...bearer(event.organizer.token), 'content-type': 'image/png' }, payload: picture() });
    expect(image.statusCode, image.body).toBe(200);

    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await page.goto(`${web.server.baseUrl}/wallet/e/${event.eventId}`);
    await page.getByRole('heading', { name: 'Night of Tests', level: 1 }).waitFor();

    const facts = page.locator('.event-facts');
    await expect.poll(() => facts.innerText()).toContain('Paradiso');
    const year = String(startsAt.getFullYear());
    const when = await page.getByTestId('event-when').innerText();
    expect(when).toContain(`12 Jun ${year}`);
    expect(when).toMatch(/20:00 – 23:30$/);
    expect(await facts.innerText()).toMatch(/Doors\s+19:00/);
    expect(await facts.innerText()).toMatch(/Where\s+Melkweg/);
    expect(await page.getByTestId('event-description').innerText()).toBe('An evening of tests.\nBring earplugs.');
    const shown = page.locator('img.event-picture');
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);

    const calendar = page.getByRole('link', { name: 'Add to calendar' });
    const file = await page.request.get(new URL((await calendar.getAttribute('href'))!, web.server.baseUrl).href);
    expect(file.headers()['content-type']).toMatch(/^text\/calendar/);
    expect(await file.text()).toContain('SUMMARY:Night of Tests');

    await checkInBoth(page, 'event-details', 'Zet in je agenda');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('checkout lists the items and counts the hold down; back on the event page the order is paid or cancelled (seats back at once), and receipts list it', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = asOrganizer(web.server.app, event.organizer.token);
    expect((await organizer('PATCH', `/api/v1/events/${event.eventId}`, { vatBasisPoints: 900 })).statusCode).toBe(200);
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    const eventPage = `${web.server.baseUrl}/wallet/e/${event.eventId}`;

    await page.goto(eventPage);
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    const placed = page.waitForResponse((r) => r.url().endsWith('/api/v1/orders') && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Buy for €70.00' }).click();
    const { order } = await (await placed).json();
    const checkout = page.getByTestId('checkout');
    await checkout.getByRole('heading', { name: 'Checkout' }).waitFor();
    expect(await checkout.locator('.checkout-items li').allInnerTexts()).toEqual(['2 × Standing €70.00']);

    // The countdown is the hold's, on the server's clock, and it runs.
    const timer = checkout.getByRole('timer');
    const seconds = async () => {
      const [m, s] = (await timer.innerText()).split(':').map(Number);
      return m! * 60 + s!;
    };
    const first = await seconds();
    expect(Math.abs(first - (Date.parse(order.expiresAt) - Date.now()) / 1000)).toBeLessThan(3);
    await expect.poll(seconds, { timeout: 5000 }).toBeLessThan(first);
    expect(await available(web.server.app, event.eventId)).toBe(18);
    await checkInBoth(page, 'checkout-countdown', 'Tijd om te betalen');

    // Away and back: the event page takes the buyer to the order waiting for payment.
    await page.goto(`${web.server.baseUrl}/wallet/`);
    await page.goto(eventPage);
    await checkout.waitFor();
    expect(await checkout.locator('.checkout-items li').allInnerTexts()).toEqual(['2 × Standing €70.00']);
    await checkout.getByRole('button', { name: 'Cancel order' }).click();
    await page.getByRole('button', { name: 'Choose your tickets' }).waitFor();
    expect(await available(web.server.app, event.eventId)).toBe(20);
    await page.getByText('20 available').waitFor();

    // A second order, left and resumed, is paid.
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    await page.getByRole('button', { name: 'Buy for €35.00' }).click();
    await checkout.waitFor();
    await page.reload();
    await checkout.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();

    // My orders: the paid one with its receipt; the cancelled one is not a receipt.
    await page.getByRole('link', { name: 'My orders and receipts' }).click();
    const receipt = page.getByTestId('receipt');
    await receipt.getByRole('heading', { name: 'Night of Tests' }).waitFor();
    expect(await receipt.count()).toBe(1);
    const text = await receipt.innerText();
    expect(text).toMatch(/Paid \w{3} \d{1,2} \w{3},? \d{2}:\d{2}/);
    expect(text).toContain('1 × Standing €35.00');
    expect(text).toContain('Total: €35.00');
    // 9 % included in €35.00: 3500 × 900 / 10900 = 289 cents.
    expect(text).toContain('Including 9% VAT: €2.89');
    await checkInBoth(page, 'orders', 'Mijn bestellingen');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('says why "+" stopped when the limit per phone is reached', async () => {
    const event = await eventWithGate(web.server.app, { maxTicketsPerAccount: 2 });
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    await page.goto(`${web.server.baseUrl}/wallet/e/${event.eventId}`);
    const more = page.getByRole('button', { name: 'One more Standing ticket' });
    const limit = page.getByTestId('limit');
    await more.click();
    expect(await more.getAttribute('aria-describedby')).toBeNull();
    expect(await limit.getAttribute('class')).toBe('muted');
    await more.click();
    expect(await more.isDisabled()).toBe(true);
    // The sentence says it, stands out, and is what the "+" is described by.
    expect(await more.getAttribute('aria-describedby')).toBe(await limit.getAttribute('id'));
    expect(await limit.getAttribute('class')).toBe('notice');
    expect(await limit.innerText()).toBe('At most 2 tickets per phone for this event.');
    expect(await page.getByText('20 available').count()).toBe(1);
    await checkInBoth(page, 'event-limit', 'Maximaal 2 tickets per telefoon voor dit evenement.');
    await context.close();
  }, 60_000);
});
