import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { browserAvailable, desktop, phone, screenshot, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { expectText, reopenSignedIn } from './support/dashboard-page.ts';
import { descriptionOf } from './support/payment-world.ts';

const phones = 20;

/**
 * An on-sale behind the waiting room, set up in the dashboard and watched there live, on a real server
 * with its jobs on the real clock (the draw at the opening, a room tick every 2 s): phones join before
 * the opening, the draw and the admissions appear without a reload, and the pace and the pause set in
 * the view reach the room.
 */
describe.skipIf(!browserAvailable)('organizer dashboard: the on-sale waiting room', () => {
  const web = webTestBed();
  let token = '';
  let event = { eventId: '', ticketTypeId: '' };
  let onSaleAt = new Date();
  let visitors: HttpWallet[] = [];
  let page: Page;
  let errors: string[];
  const as = organizerRequest(() => web.server.app, () => token);
  const get = async (path: string) => (await as('GET', path)).json();
  const room = () => get(`/api/v1/events/${event.eventId}/waiting-room`);

  beforeAll(async () => {
    ({ token } = await signUp(web.server.app));
    event = await publishedEvent(web.server.app, token, { capacity: 100 });
    visitors = await Promise.all(Array.from({ length: phones }, () => HttpWallet.withAccount(web.server.baseUrl)));
  });

  const open = async (path: string, options: BrowserContextOptions = desktop) => {
    ({ page, errors } = await reopenSignedIn(page, web, token, path, options));
    return page;
  };
  /** A moment as a datetime-local value to the second, in the browser's time zone. */
  const localInput = (at: Date) =>
    page.evaluate((ms) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19), at.getTime());
  const figure = async (testId: string) => Number((await page.getByTestId(testId).textContent())?.replace(/\D/g, ''));

  it('sets the opening and the waiting room in the event form, and says a refusal at its field', { timeout: 60_000 }, async () => {
    await open(`/events/${event.eventId}/setup`);
    const form = page.getByTestId('event-form');
    const opens = form.getByLabel('Sale opens at (optional)');
    const enabled = form.getByLabel('Sell through a waiting room');
    await expect(descriptionOf(opens)).resolves.toContain('Nobody can buy before this moment.');
    await expect(descriptionOf(enabled)).resolves.toContain('gets a fair, random place at the opening');
    await expect(form.getByLabel('Automatic').count()).resolves.toBe(0);

    // An opening after the event's end is refused, and the sentence stands at the field.
    const { endsAt } = await get(`/api/v1/events/${event.eventId}`);
    await opens.fill(await localInput(new Date(Date.parse(endsAt) + 3600_000)));
    await enabled.check();
    await expect(form.getByLabel('Automatic').isChecked()).resolves.toBe(true);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('The sale must open before the event ends.').waitFor();
    await expect(opens.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(descriptionOf(opens)).resolves.toContain('The sale must open before the event ends.');
    expect(await get(`/api/v1/events/${event.eventId}`)).toMatchObject({ onSaleAt: null });
    await screenshot(page, 'dashboard', 'waiting-room-form-refused');

    // The sale opens in 20 seconds, 30 people a minute.
    onSaleAt = new Date(Math.ceil(Date.now() / 1000) * 1000 + 20_000);
    await opens.fill(await localInput(onSaleAt));
    await form.getByLabel('A set number per minute').check();
    await form.getByLabel('People let through per minute').fill('30');
    await screenshot(page, 'dashboard', 'waiting-room-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('sale-opens').getByText(/^Sale opens .+ through a waiting room$/).waitFor();
    expect(await get(`/api/v1/events/${event.eventId}`)).toMatchObject({ onSaleAt: onSaleAt.toISOString(), waitingRoom: { enabled: true, admitPerMinute: 30 } });
    await expect(opens.getAttribute('aria-invalid')).resolves.toBeNull();
    // The events list says it too, until the opening.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Events' }).click();
    await page.getByTestId('events').getByTestId('sale-opens').getByText(/^Sale opens .+ through a waiting room$/).waitFor();
    await page.getByRole('link', { name: 'Night of Tests' }).click();
    // The refused save's 400 was the point; the next test goes on in this page.
    expect(errors.splice(0).filter((e) => !e.includes('400'))).toEqual([]);
  });

  it('shows the draw and the admissions live; its pause and pace reach the room', { timeout: 150_000 }, async () => {
    for (const visitor of visitors) expect(await visitor.call('POST', `/api/v1/events/${event.eventId}/queue`, {})).toMatchObject({ state: 'drawing' });
    expect(Date.now()).toBeLessThan(onSaleAt.getTime());
    await page.getByTestId('tab-waiting-room').click();
    await expectText(page, 'room-state', 'Waiting for the opening');
    await page.getByTestId('waiting-room').getByText(/^At .+ everyone who joined before then gets a random place/).waitFor();
    await screenshot(page, 'dashboard', 'waiting-room-before-opening');

    // The draw at the opening and the first admissions, without a reload.
    await page.getByTestId('room-draw').waitFor({ timeout: 40_000 });
    const { draw } = await room();
    expect(draw).toMatchObject({ seed: expect.stringMatching(/^[0-9a-f]{64}$/), earlyComers: phones });
    expect(Date.parse(draw.drawnAt)).toBeGreaterThanOrEqual(onSaleAt.getTime());
    await expectText(page, 'draw-early-comers', new RegExp(`^${phones}$`));
    await expect(page.getByTestId('draw-seed').inputValue()).resolves.toBe(draw.seed);
    await page.getByTestId('room-draw').getByText('anyone can check that every place was given by chance').waitFor();
    await page.getByTestId('sale-opens').waitFor({ state: 'detached' });
    await expect.poll(() => figure('room-admitted'), { timeout: 15_000 }).toBeGreaterThan(0);
    // Everyone who joined is placed at the draw: let through or still waiting.
    await expect.poll(async () => (await figure('room-admitted')) + (await figure('room-waiting'))).toBe(phones);
    await expectText(page, 'room-state', 'Letting people through');

    // One of those let through buys with its admission: a completed order.
    const places = await Promise.all(visitors.map((v) => v.call('GET', `/api/v1/events/${event.eventId}/queue/me`)));
    const first = places.findIndex((place) => place.state === 'admitted');
    const buyer = visitors[first]!;
    const placed = await buyer.call('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] }, { 'queue-admission': places[first].admission });
    await buyer.call('POST', `/api/v1/orders/${placed.order.id}/sandbox-payment`, { outcome: 'paid' });
    await expectText(page, 'room-completed', /^1$/);

    // Pausing asks first; then nobody more is let through, however many ticks pass.
    await page.getByRole('button', { name: 'Pause admission' }).click();
    await page.getByRole('alert').getByText('Nobody is let through until you resume.').waitFor();
    await screenshot(page, 'dashboard', 'waiting-room-pause-confirm');
    await page.getByRole('button', { name: 'Pause now' }).click();
    await page.getByTestId('room-paused').getByText('Admission is paused').waitFor();
    await expectText(page, 'room-state', 'Paused');
    const paused = await room();
    expect(paused).toMatchObject({ paused: true, admitPerMinute: 30 });
    expect(paused.waiting).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(await room()).toMatchObject({ admitted: paused.admitted, waiting: paused.waiting });

    // A faster pace, set while paused.
    const controls = page.getByTestId('room-controls');
    await expect(controls.getByLabel('People let through per minute').inputValue()).resolves.toBe('30');
    await controls.getByLabel('People let through per minute').fill('600');
    await controls.getByRole('button', { name: 'Change pace' }).click();
    await controls.getByRole('status').getByText('The pace is now 600 per minute.').waitFor();
    expect(await room()).toMatchObject({ admitPerMinute: 600, paused: true });
    await page.getByTestId('waiting-room').getByText('set: 600 per minute').waitFor();

    // The minutes chart once a minute has turned since the draw; the room stayed paused all along.
    const chart = page.getByTestId('room-flow-chart');
    await chart.locator('canvas').waitFor({ timeout: 70_000 });
    await expect(chart.locator('.visually-hidden thead th').allTextContents()).resolves.toEqual(['Time', 'Let through', 'Orders completed']);
    expect(await room()).toMatchObject({ admitted: paused.admitted, waiting: paused.waiting });

    // Resumed at 600 a minute, everyone still waiting is let through at once, and the chart counts them in this minute.
    await page.getByRole('button', { name: 'Resume admission' }).click();
    await expectText(page, 'room-waiting', /^0$/);
    await expectText(page, 'room-admitted', new RegExp(`^${phones}$`));
    expect(await room()).toMatchObject({ paused: false, waiting: 0, admitted: phones, completed: 1 });
    await expect
      .poll(async () => {
        const minutes: { admitted: number; completed: number }[] = (await room()).perMinute;
        const sum = (field: 'admitted' | 'completed') => minutes.reduce((total, minute) => total + minute[field], 0);
        const label = await chart.getByRole('img').getAttribute('aria-label');
        return sum('admitted') >= paused.waiting && label === `Let through and orders completed per minute (last hour: ${sum('admitted')} let through, ${sum('completed')} completed)`;
      })
      .toBe(true);
    await page.getByTestId('room-waiting-chart').getByRole('img', { name: 'People waiting at the end of each minute (now 0)' }).waitFor();
    await page.getByTestId('room-updated').getByText(/^Live, updated at/).waitFor();
    // The legend names its series without values while the pointer is off the plot.
    await page.mouse.move(0, 0);
    const legend = await chart.locator('.u-legend').innerText();
    expect(legend).toMatch(/^Let through\s*Orders completed$/);
    await screenshot(page, 'dashboard', 'waiting-room-live');
    expect(errors).toEqual([]);
  });

  it('speaks Dutch: the form refuses moving a drawn opening, the view sets automatic pace, pauses and resumes; fits a phone', { timeout: 60_000 }, async () => {
    await open(`/events/${event.eventId}/setup`, { ...desktop, locale: 'nl-NL' });
    const form = page.getByTestId('event-form');
    await expect(form.getByLabel('Verkopen via een wachtrij').isChecked()).resolves.toBe(true);
    await expect(form.getByLabel('Doorgelaten mensen per minuut').inputValue()).resolves.toBe('600');
    await screenshot(page, 'dashboard', 'waiting-room-form-nl');
    await form.getByLabel('Verkoop opent om (optioneel)').fill(await localInput(new Date(Date.now() + 3600_000)));
    await form.getByRole('button', { name: 'Opslaan' }).click();
    await form.getByText('De wachtrij heeft de plekken bij de opening al verloot, dus het openingstijdstip kan niet meer veranderen.').waitFor();
    expect(await get(`/api/v1/events/${event.eventId}`)).toMatchObject({ onSaleAt: onSaleAt.toISOString(), waitingRoom: { enabled: true, admitPerMinute: 600 } });
    await screenshot(page, 'dashboard', 'waiting-room-form-refused-nl');

    await page.getByTestId('tab-waiting-room').click();
    await expectText(page, 'room-state', 'Laat mensen door');
    await page.getByTestId('room-draw').getByText('Controlecode (seed)').waitFor();
    const controls = page.getByTestId('room-controls');
    await controls.getByLabel('Automatisch').check();
    await controls.getByRole('button', { name: 'Tempo wijzigen' }).click();
    await controls.getByRole('status').getByText('Het tempo is nu automatisch.').waitFor();
    expect((await room()).admitPerMinute).toBeNull();
    await page.getByRole('button', { name: 'Toelating pauzeren' }).click();
    await page.getByRole('button', { name: 'Nu pauzeren' }).click();
    await expectText(page, 'room-state', 'Gepauzeerd');
    expect((await room()).paused).toBe(true);
    await page.getByRole('button', { name: 'Toelating hervatten' }).click();
    await expectText(page, 'room-state', 'Laat mensen door');
    expect((await room()).paused).toBe(false);
    await page.getByTestId('room-flow-chart').locator('canvas').waitFor();
    await screenshot(page, 'dashboard', 'waiting-room-live-nl');
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);

    for (const [options, language] of [[phone, 'en'], [{ ...phone, locale: 'nl-NL' }, 'nl']] as const) {
      await open(`/events/${event.eventId}/waiting-room`, options);
      await page.getByTestId('room-flow-chart').locator('canvas').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `the room in ${language} is wider than the phone`).toBeLessThanOrEqual(360);
      await screenshot(page, 'dashboard', `waiting-room-phone-${language}`);
    }
  });
});
