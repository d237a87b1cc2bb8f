import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, phone, watchConsole, webTestBed, withoutOfflineNoise } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { HttpWallet } from '../../dashboard/test/support/http-wallet.ts';
import { screenshotInBoth } from './support.ts';

/**
 * The on-sale waiting room in the wallet, against a listening server with its real jobs and clock:
 * joining before the opening, the draw giving a place among other phones, the line moving, the turn
 * with its ten minutes, buying with the admission, and a queue that ends sold out.
 */
describe.skipIf(!browserAvailable)('wallet: the on-sale waiting room', () => {
  const web = webTestBed();

  /** An event whose sale opens in ten minutes behind a room; `open()` moves the opening to a second from now. */
  async function roomEvent(options: { capacity: number; admitPerMinute: number; exchange?: boolean }) {
    const organizer = await signUp(web.server.app, 'Paradiso');
    const event = await publishedEvent(web.server.app, organizer.token, { capacity: options.capacity });
    const as = organizerRequest(() => web.server.app, () => organizer.token);
    const patch = async (url: string, payload: object) => {
      const res = await as('PATCH', url, payload);
      expect(res.statusCode, res.body).toBe(200);
    };
    await patch(`/api/v1/events/${event.eventId}`, {
      onSaleAt: new Date(Date.now() + 600_000).toISOString(),
      waitingRoom: { enabled: true, admitPerMinute: options.admitPerMinute },
      ...(options.exchange ? { transferPolicy: { mode: 'exchange' } } : {}),
    });
    return {
      ...event,
      url: `${web.server.baseUrl}/wallet/e/${event.eventId}`,
      open: () => patch(`/api/v1/events/${event.eventId}`, { onSaleAt: new Date(Date.now() + 1000).toISOString() }),
      pace: (payload: { admitPerMinute?: number; paused?: boolean }) => patch(`/api/v1/events/${event.eventId}/waiting-room`, payload),
    };
  }

  /** A phone; with reduced motion the progress bar stands still for its screenshots. */
  async function newPhone() {
    const context = await web.browser.newContext({ ...phone, reducedMotion: 'reduce' });
    const page = await context.newPage();
    return { context, page, errors: watchConsole(page) };
  }

  const lead = (page: Page) => page.getByTestId('queue-lead');
  const turnHeading = (page: Page) => page.getByRole('heading', { name: 'It is your turn' });

  /** Buys one Standing ticket in the phone's turn and pays at the sandbox. */
  async function buyInTurn(page: Page) {
    await turnHeading(page).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'One more Standing ticket' }).click();
    await page.getByRole('button', { name: 'Buy for €35.00' }).click();
    await page.getByRole('button', { name: 'Pay', exact: true }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  }

  it('joins before the opening, gets a drawn place among other phones, watches the line move, and buys in its turn', async () => {
    const event = await roomEvent({ capacity: 20, admitPerMinute: 6 });
    await event.pace({ paused: true });
    const a = await newPhone();

    // Before the opening: the promise of a fair draw, and nothing to buy yet.
    await a.page.goto(event.url);
    const join = a.page.getByTestId('room-join');
    await join.getByRole('heading', { name: /^The sale opens at \d\d:\d\d$/ }).waitFor();
    expect(await join.innerText()).toMatch(/gets a random place at \d\d:\d\d: coming early gives no advantage over coming at the opening, just be here\./);
    expect(await a.page.getByRole('button', { name: /^Buy for|^Choose your tickets/ }).count()).toBe(0);
    expect(await a.page.getByRole('button', { name: 'One more Standing ticket' }).isDisabled()).toBe(true);
    await screenshotInBoth(a.page, 'queue-before-opening', /^De verkoop begint om \d\d:\d\d$/);

    // Joined: the queue page, in the draw; the place survives a reload (the phone remembers it joined).
    await join.getByRole('button', { name: 'Join the queue' }).click();
    await a.page.waitForURL(`**/wallet/q/${event.eventId}`);
    await lead(a.page).getByText('You are in the queue').waitFor();
    await a.page.getByText(/^The draw at \d\d:\d\d gives everyone who came before the opening a random place\./).waitFor();
    await a.page.getByText('Keep this page open; you will not lose your place.').waitFor();
    await a.page.reload();
    await lead(a.page).getByText('You are in the queue').waitFor();
    expect(await a.page.getByTestId('queue-polling').count()).toBe(0);
    await screenshotInBoth(a.page, 'queue-drawing', 'Je staat in de wachtrij');

    // Four other phones come early too; at the opening the draw places the five at random.
    const others = await Promise.all(Array.from({ length: 4 }, () => HttpWallet.withAccount(web.server.baseUrl)));
    for (const other of others) expect((await other.call('POST', `/api/v1/events/${event.eventId}/queue`, {})).state).toBe('drawing');
    await event.open();
    await expect.poll(() => lead(a.page).innerText(), { timeout: 20_000 }).toMatch(/^You are number [1-5]$/);
    const position = Number((await lead(a.page).innerText()).split(' ').pop());
    const places = await Promise.all(others.map((other) => other.call('GET', `/api/v1/events/${event.eventId}/queue/me`)));
    expect([position, ...places.map((p) => p.position)].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await a.page.getByTestId('queue-ahead').innerText()).toBe(position === 1 ? 'You are next.' : `${position - 1} ${position === 2 ? 'person' : 'people'} ahead of you`);

    // A phone coming after the opening queues behind the five, in arrival order.
    const b = await newPhone();
    await b.page.goto(event.url);
    await b.page.getByRole('heading', { name: 'Tickets are sold through a queue' }).waitFor();
    await b.page.getByRole('button', { name: 'Join the queue' }).click();
    await lead(b.page).getByText('You are number 6').waitFor();
    expect(await b.page.getByTestId('queue-ahead').innerText()).toBe('5 people ahead of you');
    expect(await b.page.getByTestId('queue-estimate').innerText()).toMatch(/^Estimated wait: (estimating…|less than a minute|about \d+ minutes?)$/);
    const bar = b.page.getByRole('progressbar', { name: 'How far the line moved since you joined' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('0');
    expect(await bar.getAttribute('aria-valuemax')).toBe('5');
    await expect.poll(() => b.page.getByRole('status').innerText()).toMatch(/^You are number 6\. 5 people ahead of you\. Estimated wait: /);

    // The organizer lets the line move slowly: the bar shows how far it moved since this phone joined.
    await event.pace({ paused: false });
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await bar.getAttribute('aria-valuetext')).toMatch(/^[1-4] of the 5 ahead of you are through$/);
    await screenshotInBoth(b.page, 'queue-waiting', 'Je bent nummer 6');
    await expectAccessibleInBothSchemes(b.page, 'wallet', 'queue-waiting');

    // Without the stream (it fails here), the page polls: the place still moves on.
    await b.page.route('**/queue/stream*', (route) => route.abort());
    await b.page.reload();
    await b.page.getByText('Checking your place every few seconds.').waitFor();
    await lead(b.page).getByText('You are number 6').waitFor();
    await b.context.setOffline(true);
    await b.page.getByText('You are offline. Your place is kept; this page catches up when you are back online.').waitFor();
    expect(await lead(b.page).innerText()).toBe('You are number 6');
    await b.context.setOffline(false);

    // Faster: every turn comes. The turn is the event page's buying, with its ten minutes counting down.
    await event.pace({ admitPerMinute: 600 });
    await turnHeading(a.page).waitFor({ timeout: 30_000 });
    expect(a.page.url()).toBe(event.url);
    const timer = a.page.getByRole('timer');
    const started = await timer.innerText();
    expect(started).toMatch(/^(10:00|9:[0-5]\d)$/);
    await expect.poll(() => timer.innerText(), { timeout: 5000 }).not.toBe(started);
    expect(await a.page.evaluate(() => document.activeElement?.textContent)).toBe('It is your turn');
    await screenshotInBoth(a.page, 'queue-turn', 'Je bent aan de beurt');
    await expectAccessibleInBothSchemes(a.page, 'wallet', 'queue-turn');
    await buyInTurn(a.page);
    await a.page.getByTestId('ticket-row').first().waitFor();

    // The turn bought one order; the event page says so instead of offering another.
    await a.page.goto(event.url);
    await a.page.getByTestId('room-outcome').getByRole('heading', { name: 'You have your tickets' }).waitFor();
    expect(await a.page.getByRole('button', { name: /^Buy for|^Choose your tickets/ }).count()).toBe(0);

    // The polling phone gets its turn too.
    await turnHeading(b.page).waitFor({ timeout: 30_000 });
    expect(a.errors).toEqual([]);
    expect(withoutOfflineNoise(b.errors).filter((error) => !error.includes('ERR_FAILED'))).toEqual([]);
    await Promise.all([a.context.close(), b.context.close()]);
  }, 180_000);

  it('says plainly when the queue ends sold out, and offers the exchange waiting list', async () => {
    const event = await roomEvent({ capacity: 1, admitPerMinute: 600, exchange: true });
    const buyer = await newPhone();
    await buyer.page.goto(event.url);
    await buyer.page.getByRole('button', { name: 'Join the queue' }).click();
    await lead(buyer.page).getByText('You are in the queue').waitFor();
    await event.open();
    await buyInTurn(buyer.page);

    // Another phone comes after the last ticket went.
    const late = await newPhone();
    await late.page.goto(event.url);
    await late.page.getByRole('button', { name: 'Join the queue' }).click();
    const outcome = late.page.getByTestId('room-outcome');
    await outcome.getByRole('heading', { name: 'Sold out' }).waitFor({ timeout: 15_000 });
    expect(await outcome.innerText()).toContain('Every ticket has been sold. Tickets that people cannot use come back at face value: join the waiting list for one below.');
    expect(late.page.url()).toBe(event.url);
    await screenshotInBoth(late.page, 'queue-sold-out', 'Uitverkocht');
    await late.page.getByRole('button', { name: 'Join the waiting list' }).click();
    await late.page.getByTestId('waiting').waitFor();
    expect([...buyer.errors, ...late.errors]).toEqual([]);
    await Promise.all([buyer.context.close(), late.context.close()]);
  }, 90_000);
});
