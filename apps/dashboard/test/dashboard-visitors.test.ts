import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, desktop, phone, screenshot, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, signUp } from '../../../packages/server/test/support/harness.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { barValue, expectText, reopenSignedIn } from './support/dashboard-page.ts';

/**
 * Returning visitors and segments in the dashboard, on a real server with phones over real HTTP: 12
 * visitors at Spring Night, 11 of them back at Summer Night with 3 new ones, and 10 of the first 12
 * agreeing to news. The page shows 15 visitors and 11 returning, hides every group under 10 as "fewer
 * than 10", maps the 11 the two events share, counts a segment live, and sends to it after a confirmation.
 */
describe.skipIf(!browserAvailable)('organizer dashboard: returning visitors and segments', () => {
  const web = webTestBed();
  let organizer = { organizerId: '', token: '' };
  let visitors: HttpWallet[] = [];
  let page: Page;
  let errors: string[] = [];
  const as = organizerRequest(() => web.server.app, () => organizer.token);

  /** A published event `days` ahead with these ticket types; returns its id and its types' ids by name. */
  async function event(name: string, days: number, types: string[]) {
    const startsAt = new Date(Date.now() + days * 86_400_000);
    const created = await as('POST', '/api/v1/events', { name, venue: 'Melkweg', startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 4 * 3600_000).toISOString() });
    const eventId = created.json().id as string;
    const typeIds: Record<string, string> = {};
    for (const type of types) typeIds[type] = (await as('POST', `/api/v1/events/${eventId}/ticket-types`, { name: type, priceCents: 3500, currency: 'EUR', capacity: 100 })).json().id;
    expect((await as('POST', `/api/v1/events/${eventId}/publish`)).statusCode).toBe(200);
    return { eventId, typeIds };
  }

  beforeAll(async () => {
    organizer = await signUp(web.server.app, 'Lowlands');
    const spring = await event('Spring Night', 10, ['Standing', 'Balcony']);
    const summer = await event('Summer Night', 40, ['Standing']);
    visitors = await Promise.all(Array.from({ length: 15 }, () => HttpWallet.withAccount(web.server.baseUrl)));
    await Promise.all(
      visitors.map(async (wallet, i) => {
        if (i < 12) await wallet.buy(spring.eventId, spring.typeIds.Standing!, 1);
        if (i >= 1) await wallet.buy(summer.eventId, summer.typeIds.Standing!, 1);
        // Visitors 0-9 agree to news: 10 of Spring Night's visitors, 9 of Summer Night's.
        if (i < 10) await wallet.call('POST', '/api/v1/me/consents', { organizerId: organizer.organizerId, purpose: 'marketing', granted: true });
      }),
    );
  });

  const open = async (options: BrowserContextOptions) => {
    ({ page, errors } = await reopenSignedIn(page, web, organizer.token, '/visitors', options));
    await page.getByTestId('overlap').waitFor();
    return page;
  };
  const segment = () => page.getByTestId('segment');
  const tick = (name: string, checked: boolean) => segment().getByRole('checkbox', { name: new RegExp(name) }).setChecked(checked);
  /** The cells of a row of the heat map, after its header (the event of the row). */
  const overlapRow = (event: string) => page.getByTestId('overlap').getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(event) }) }).getByRole('cell').allTextContents();
  const sent = (title: string): Locator => page.getByTestId('messages').getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
  const inboxTitles = async (wallet: HttpWallet) => (await wallet.call<{ messages: { title: string }[] }>('GET', '/api/v1/me/inbox')).messages.map((m) => m.title);

  it('shows 15 visitors, 11 returning and the single-event visitors as "fewer than 10", the share per event and the overlap of 11', { timeout: 60_000 }, async () => {
    await open(desktop);
    await expectText(page, 'visitors', '15');
    await expectText(page, 'returning', '11');
    await expectText(page, 'returning-share', '73%');
    await expectText(page, 'addon-buyers', 'fewer than 10');
    const bins = page.getByTestId('events-per-holder');
    await expect(bins.locator('.bar-label').allTextContents()).resolves.toEqual(['1 event', '2 events', '3 events', '4 events', '5+ events']);
    await expect(bins.locator('.bar-value').allTextContents()).resolves.toEqual(['fewer than 10', '11', 'fewer than 10', 'fewer than 10', 'fewer than 10']);
    // A hidden bin is hatched across, never a bar of 0.
    await expect(bins.locator('.bar-fill.suppressed').count()).resolves.toBe(4);

    // Spring Night came first, so none of its visitors had been before: that share is only bounded.
    const perEvent = page.getByTestId('per-event');
    await expect(perEvent.getByRole('row').filter({ hasText: 'Spring Night' }).getByRole('cell').allTextContents()).resolves.toEqual([expect.any(String), '12', 'fewer than 10', 'under 83%']);
    await expect(perEvent.getByRole('row').filter({ hasText: 'Summer Night' }).getByRole('cell').allTextContents()).resolves.toEqual([expect.any(String), '14', '11', '79%']);
    await page.getByTestId('share-chart').locator('canvas').waitFor();
    await expect(page.getByTestId('share-chart').locator('.visually-hidden td').allTextContents()).resolves.toEqual(['79%']);

    // The heat map: each event's own visitors on the diagonal, the 11 both share off it.
    await expect(overlapRow('Spring Night')).resolves.toEqual(['12', '11']);
    await expect(overlapRow('Summer Night')).resolves.toEqual(['11', '14']);
    await expect(page.getByTestId('overlap').getByRole('columnheader').allTextContents()).resolves.toEqual(['Event', expect.stringContaining('Spring Night'), expect.stringContaining('Summer Night')]);
    await screenshot(page, 'dashboard', 'visitors-returning-en');
    await expectAccessibleInBothSchemes(page, 'dashboard', 'visitors-returning');
    expect(errors).toEqual([]);
  });

  it('counts a segment live, "fewer than 10" under 10, and sends to Spring Night\'s visitors who agreed, after a confirmation', { timeout: 60_000 }, async () => {
    await open(desktop);
    await expectText(page, 'segment-count', 'Choose at least one event.');
    await segment().getByText('Only visitors who agreed to news from you (marketing consent').waitFor();
    await tick('Spring Night', true);
    await expectText(page, 'segment-count', 'Reaches 10 visitors who agreed to news');
    await tick('Summer Night', true);
    await expectText(page, 'segment-count', 'Reaches 10 visitors who agreed to news');
    await tick('Spring Night', false);
    await expectText(page, 'segment-count', 'Reaches fewer than 10 visitors who agreed to news');
    // Spring Night has two ticket types: nobody took the balcony, and nobody has checked in yet.
    await tick('Spring Night', true);
    await expectText(page, 'segment-count', 'Reaches 10 visitors who agreed to news');
    const balcony = segment().getByRole('group', { name: 'Ticket types of Spring Night' }).getByLabel('Balcony');
    await balcony.check();
    await expectText(page, 'segment-count', 'Reaches fewer than 10');
    await balcony.uncheck();
    await expectText(page, 'segment-count', 'Reaches 10 visitors who agreed to news');
    await segment().getByLabel('Only those who checked in').check();
    await expectText(page, 'segment-count', 'Reaches fewer than 10');
    await segment().getByLabel('Everyone with a ticket').check();
    await tick('Summer Night', false);
    await expectText(page, 'segment-count', 'Reaches 10 visitors who agreed to news');
    await screenshot(page, 'dashboard', 'visitors-segment-en');

    const compose = page.getByTestId('segment-compose');
    await compose.locator('input[name=titleNl]').fill('Zomer in de verkoop');
    await compose.locator('textarea[name=bodyNl]').fill('Summer Night is nu te koop.');
    await compose.locator('input[name=titleEn]').fill('Summer on sale');
    await compose.locator('textarea[name=bodyEn]').fill('Summer Night tickets are on sale now.');
    await compose.getByRole('button', { name: 'Send now' }).click();
    const confirm = compose.getByRole('alert');
    await confirm.getByText('Send “Summer on sale” now to the visitors of Spring Night who agreed to news (10 visitors)?').waitFor();
    await screenshot(page, 'dashboard', 'visitors-confirm-en');
    expect(await inboxTitles(visitors[0]!)).toEqual([]);
    await confirm.getByRole('button', { name: 'Yes, send now' }).click();
    await expectText(page, 'sent', 'Sent to 10 visitors.');

    const message = sent('Summer on sale');
    await message.getByText('To the visitors of Spring Night').waitFor();
    await expect(barValue(message, 'Recipients').textContent()).resolves.toBe('10');
    await expect(message.locator('.badge').textContent()).resolves.toBe('Sent');
    // Those who agreed have it; the two of Spring Night who did not agree, and Summer Night's newcomers, do not.
    for (const wallet of visitors.slice(0, 10)) expect(await inboxTitles(wallet)).toEqual(['Summer on sale']);
    for (const wallet of visitors.slice(10)) expect(await inboxTitles(wallet)).toEqual([]);
    await screenshot(page, 'dashboard', 'visitors-sent-en');
    expect(errors).toEqual([]);
  });

  it('speaks Dutch: the figures, the map, the count and a message scheduled and cancelled; fits a 360 px phone', { timeout: 60_000 }, async () => {
    await open({ ...desktop, locale: 'nl-NL' });
    await expectText(page, 'visitors', '15');
    await expectText(page, 'addon-buyers', 'minder dan 10');
    await expect(barValue(page.getByTestId('events-per-holder'), '1 evenement').textContent()).resolves.toBe('minder dan 10');
    await expect(overlapRow('Spring Night')).resolves.toEqual(['12', '11']);
    await page.getByRole('list', { name: 'Legenda van de kaart' }).getByText('minder dan 10 (verborgen)').waitFor();
    await tick('Summer Night', true);
    await expectText(page, 'segment-count', 'Bereikt minder dan 10 bezoekers die instemden met nieuws');
    await segment().getByText('Alleen bezoekers die instemden met nieuws van jou').waitFor();
    await screenshot(page, 'dashboard', 'visitors-returning-nl');

    const compose = page.getByTestId('segment-compose');
    await compose.locator('input[name=titleNl]').fill('Tot in de zomer');
    await compose.locator('textarea[name=bodyNl]').fill('We zien je graag terug.');
    await compose.getByLabel('Op een tijdstip').check();
    const at = await page.evaluate(() => new Date(Date.now() + 3600_000 - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16));
    await compose.getByLabel('Versturen op').fill(at);
    await compose.getByRole('button', { name: 'Inplannen' }).click();
    await compose.getByRole('alert').getByText(/^“Tot in de zomer” inplannen voor .* aan de bezoekers van Summer Night\? .*\(nu minder dan 10 bezoekers\)\.$/).waitFor();
    await screenshot(page, 'dashboard', 'visitors-confirm-nl');
    await compose.getByRole('button', { name: 'Ja, inplannen' }).click();
    await expectText(page, 'sent', 'Ingepland.');
    const scheduled = sent('Tot in de zomer');
    await expect(scheduled.locator('.badge').textContent()).resolves.toBe('Ingepland');
    await scheduled.getByText('Aan de bezoekers van Summer Night').waitFor();
    await screenshot(page, 'dashboard', 'visitors-sent-nl');
    await scheduled.getByRole('button', { name: 'Bericht annuleren' }).click();
    await expect.poll(() => scheduled.locator('.badge').textContent()).toBe('Geannuleerd');
    expect(errors).toEqual([]);

    for (const [options, language] of [[phone, 'en'], [{ ...phone, locale: 'nl-NL' }, 'nl']] as const) {
      await open(options);
      await expectText(page, 'returning', '11');
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `the visitors page in ${language} is wider than the phone`).toBeLessThanOrEqual(360);
      await screenshot(page, 'dashboard', `visitors-phone-${language}`);
    }
  });
});
