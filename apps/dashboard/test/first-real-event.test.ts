import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { encodeQr } from '../../../packages/web/src/qr-encoder.ts';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, desktop, screenshot, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { reopenSignedIn } from './support/dashboard-page.ts';
import { descriptionOf } from './support/payment-world.ts';
import { screenshotLooks } from './support/looks.ts';

/** A 1 x 1 PNG: the smallest picture the server takes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

/**
 * Issue 18, the organizer's event before a first real event: where buyers find it (sales link, QR,
 * calendar file, picture, description, VAT), refusals said at their field in plain words, prices typed
 * the Dutch or the English way, and charts whose legends, axes and ticks read right.
 */
describe.skipIf(!browserAvailable)('organizer dashboard: a first real event', () => {
  const web = webTestBed();
  let token = '';
  let eventId = '';
  let page: Page;
  let errors: string[] = [];
  const as = organizerRequest(() => web.server.app, () => token);
  const event = async () => (await as('GET', `/api/v1/events/${eventId}`)).json();

  beforeAll(async () => {
    ({ token } = await signUp(web.server.app, 'Paradiso'));
    ({ eventId } = await publishedEvent(web.server.app, token));
  });

  const open = async (path: string, options: BrowserContextOptions = desktop) => {
    ({ page, errors } = await reopenSignedIn(page, web, token, path, options));
    return page;
  };
  const field = (name: string) => page.getByTestId('event-form').locator(`[name=${name}]`);
  const save = () => page.getByTestId('event-form').locator('button[type=submit]').click();

  it('1. shows the sales link with copy, share and a QR of it, the organizer and the calendar file; takes a description, VAT, doors and a picture', { timeout: 120_000 }, async () => {
    const salesUrl = `${web.server.baseUrl}/wallet/e/${eventId}`;
    const context = await web.browser.newContext({ ...desktop, permissions: ['clipboard-read', 'clipboard-write'] });
    // The browser's share sheet, as a phone has it: what it was given is kept to be read back.
    await context.addInitScript(() => {
      Object.defineProperty(navigator, 'share', { value: (data: ShareData) => ((window as unknown as { shared: ShareData }).shared = data, Promise.resolve()) });
    });
    ({ page, errors } = await reopenSignedIn(page, web, token, `/events/${eventId}`, context));
    const card = page.getByTestId('sales-link');
    await expect(card.getByLabel('Sales link', { exact: true }).inputValue()).resolves.toBe(salesUrl);
    await card.getByText('Sold by Paradiso').waitFor();
    await card.getByRole('button', { name: 'Copy' }).click();
    await card.getByRole('button', { name: 'Copied' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(salesUrl);
    await card.getByRole('button', { name: 'Share' }).click();
    await expect(page.evaluate(() => (window as unknown as { shared: ShareData }).shared)).resolves.toEqual({ title: 'Night of Tests', url: salesUrl });

    // The QR holds the link: every module of the canvas is the module of the link's code.
    const qr = card.getByRole('img', { name: 'QR code of the sales link of Night of Tests' });
    const drawn = await qr.evaluate((canvas: HTMLCanvasElement) => {
      const { data, width } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      return { width, dark: Array.from({ length: width * width }, (_, i) => (data[i * 4]! < 128 ? 1 : 0)) };
    });
    const code = encodeQr(salesUrl, { level: 'M' });
    expect(drawn.width).toBe(code.size + 8);
    const modules = Array.from({ length: code.size * code.size }, (_, i) => drawn.dark[(Math.floor(i / code.size) + 4) * drawn.width + (i % code.size) + 4]);
    expect(modules).toEqual(Array.from(code.modules));

    const calendar = card.getByRole('link', { name: 'Calendar file for buyers (.ics)' });
    const calendarUrl = await calendar.getAttribute('href');
    expect(calendarUrl).toBe(`/api/v1/events/${eventId}/calendar.ics`);
    const ics = await fetch(`${web.server.baseUrl}${calendarUrl}`);
    expect([ics.status, ics.headers.get('content-type')]).toEqual([200, 'text/calendar; charset=utf-8']);
    expect(await ics.text()).toMatch(/BEGIN:VCALENDAR[\s\S]*SUMMARY:Night of Tests/);
    await screenshot(page, 'dashboard', 'first-event-sales-link');
    await expectAccessibleInBothSchemes(page, 'dashboard', 'first-event-sales-link');

    // The details buyers read, and the VAT their receipts show.
    await page.getByTestId('tab-setup').click();
    await field('description').fill('Three bands, one night.\nDoors at eight.');
    await field('vat').fill('9');
    await expect(page.getByLabel('VAT rate (optional) (%)').count()).resolves.toBe(1);
    const startsAt = (await event()).startsAt as string;
    // An hour before the start, to the minute (the field has no seconds).
    const doorsAt = new Date(Math.floor((Date.parse(startsAt) - 3600_000) / 60_000) * 60_000);
    await field('doorsAt').fill(await page.evaluate((at) => new Date(at - new Date(at).getTimezoneOffset() * 60_000).toISOString().slice(0, 16), doorsAt.getTime()));
    await save();
    await expect.poll(async () => (await event()).vatBasisPoints).toBe(900);
    expect(await event()).toMatchObject({ description: 'Three bands, one night.\nDoors at eight.', doorsAt: doorsAt.toISOString() });
    await page.reload();
    await expect(field('vat').inputValue()).resolves.toBe('9');
    await field('vat').fill('21');
    await save();
    await expect.poll(async () => (await event()).vatBasisPoints).toBe(2100);

    // A picture: a wrong kind of file is said at the field; a PNG is shown, and removed again.
    const picture = page.getByTestId('event-image');
    await picture.getByLabel('Choose a picture').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await expect.poll(() => descriptionOf(picture.getByLabel('Choose a picture'))).toContain('Choose a PNG, JPEG or WebP picture.');
    await picture.getByLabel('Choose a picture').setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: png });
    await picture.getByRole('img', { name: 'The picture of Night of Tests' }).waitFor();
    const imageUrl = (await event()).imageUrl as string;
    expect(imageUrl).toMatch(new RegExp(`^/api/v1/events/${eventId}/image`));
    expect(Buffer.from(await (await fetch(`${web.server.baseUrl}${imageUrl}`)).arrayBuffer())).toEqual(png);
    await screenshot(page, 'dashboard', 'first-event-picture');
    await picture.getByRole('button', { name: 'Remove picture' }).click();
    await picture.getByText('No picture yet').waitFor();
    expect((await event()).imageUrl).toBeNull();
    expect(errors).toEqual([]);

    await screenshotLooks(web, token, `/events/${eventId}`, 'first-event-sales-link', (shown) => shown.getByTestId('sales-qr').waitFor());
  });

  it('2. says a refusal in plain words at its field, in English and Dutch, never the server\'s "body.name must NOT ..."', { timeout: 120_000 }, async () => {
    const tooLong = async (shown: Page) => {
      // The field stops typing at 200 characters; without that limit the server is the one to refuse.
      const name = shown.getByTestId('event-form').locator('[name=name]');
      await name.evaluate((input) => input.removeAttribute('maxlength'));
      await name.fill('N'.repeat(201));
      await shown.getByTestId('event-form').locator('button[type=submit]').click();
      await name.and(shown.locator('[aria-invalid=true]')).waitFor();
      return name;
    };
    await open(`/events/${eventId}/setup`);
    const name = await tooLong(page);
    await expect(descriptionOf(name)).resolves.toBe('At most 200 characters.');
    await expect(name.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.getByTestId('event-form').textContent()).resolves.not.toMatch(/must NOT|body\./);
    expect((await event()).name).toBe('Night of Tests');
    await expectAccessibleInBothSchemes(page, 'dashboard', 'first-event-field-error');

    // A rule of the event, not of the field's shape: the end before the start is said at the end.
    await name.fill('Night of Tests');
    const startsAt = await field('startsAt').inputValue();
    await field('endsAt').fill(startsAt.replace(/T(\d\d)/, (_, hour: string) => `T${String(Number(hour) === 0 ? 0 : Number(hour) - 1).padStart(2, '0')}`));
    await save();
    await expect.poll(() => descriptionOf(field('endsAt'))).toBe('The end must be after the start.');
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(errors.filter((error) => !error.includes('status of 400'))).toEqual([]);

    await screenshotLooks(
      web,
      token,
      `/events/${eventId}/setup`,
      'first-event-field-error',
      async (shown, language) => {
        const refused = await tooLong(shown);
        await expect(descriptionOf(refused)).resolves.toBe(language === 'nl' ? 'Hoogstens 200 tekens.' : 'At most 200 characters.');
        await refused.scrollIntoViewIfNeeded();
      },
      [400],
    );
  });

  it('3. reads "12,50", "12.50", "12,5" and "12" as the same euros in both languages, refuses "12,345" and letters at the field, and shows the currency', { timeout: 120_000 }, async () => {
    const typeNamed = async (name: string) => (await event()).ticketTypes.find((type: { name: string }) => type.name === name);
    const add = async (name: string, price: string) => {
      const form = page.getByTestId('add-ticket-type');
      await form.locator('[name=name]').fill(name);
      await form.locator('[name=price]').fill(price);
      await form.locator('[name=capacity]').fill('50');
      await form.locator('button[type=submit]').click();
    };
    await open(`/events/${eventId}/setup`);
    const price = page.getByTestId('add-ticket-type').getByLabel('Price (EUR)');
    await expect(page.getByTestId('add-ticket-type').locator('.with-unit .unit').textContent()).resolves.toBe('EUR');
    await add('Early bird', '12,50');
    await expect.poll(async () => (await typeNamed('Early bird'))?.priceCents).toBe(1250);
    await add('Balcony', '12,5');
    await expect.poll(async () => (await typeNamed('Balcony'))?.priceCents).toBe(1250);

    for (const wrong of ['12,345', 'twelve']) {
      await add('Wrong', wrong);
      await expect.poll(() => descriptionOf(price)).toContain('Write a price such as 12.50 or 12,50');
      await expect(price.getAttribute('aria-invalid')).resolves.toBe('true');
    }
    expect(await typeNamed('Wrong')).toBeUndefined();
    await screenshot(page, 'dashboard', 'first-event-price-refused');

    // Edited to a whole number: 12 is 12 euros.
    await page.getByRole('button', { name: 'Edit Balcony' }).click();
    const editing = page.getByTestId('ticket-types').getByLabel('Price (EUR)');
    await expect(editing.inputValue()).resolves.toBe('12.50');
    await editing.fill('12');
    await page.getByTestId('ticket-types').getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await typeNamed('Balcony'))?.priceCents).toBe(1200);
    expect(errors).toEqual([]);

    // In Dutch the point is read as the decimal point too, never as a thousands separator.
    await open(`/events/${eventId}/setup`, { ...desktop, locale: 'nl-NL' });
    await add('Laat', '12.50');
    await expect.poll(async () => (await typeNamed('Laat'))?.priceCents).toBe(1250);
    await add('Fout', '12,345');
    await expect.poll(() => descriptionOf(page.getByTestId('add-ticket-type').getByLabel('Prijs (EUR)'))).toContain('Schrijf een prijs zoals 12,50 of 12.50');
    await page.getByRole('button', { name: 'Laat wijzigen' }).click();
    await expect(page.getByTestId('ticket-types').getByLabel('Prijs (EUR)').inputValue()).resolves.toBe('12,50');
    await screenshot(page, 'dashboard', 'first-event-price-nl');
    expect(errors).toEqual([]);
  });

  it('7. draws charts with the series in the legend and no placeholder dashes, translated axis titles, and whole hours on a chart per hour', { timeout: 120_000 }, async () => {
    const buyer = await HttpWallet.withAccount(web.server.baseUrl);
    await buyer.buy(eventId, (await event()).ticketTypes[0].id, 2);
    // What the charts draw on their canvases: tick labels and axis titles are text drawn there.
    const openCharts = async (options: BrowserContextOptions) => {
      const context = await web.browser.newContext(options);
      await context.addInitScript(() => {
        const drawn: string[] = ((window as unknown as { drawn: string[] }).drawn = []);
        const fillText = CanvasRenderingContext2D.prototype.fillText;
        CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
          drawn.push(String(text));
          return fillText.call(this, text, ...rest);
        };
      });
      ({ page, errors } = await reopenSignedIn(page, web, token, `/events/${eventId}`, context));
      await page.getByTestId('sales-chart').locator('canvas').first().waitFor();
      await page.getByTestId('revenue-chart').locator('canvas').first().waitFor();
    };
    const drawnText = () => page.evaluate(() => (window as unknown as { drawn: string[] }).drawn);
    const times = async () => (await drawnText()).filter((text) => /^\d\d:\d\d$/.test(text));
    // The rows of a legend as they read: the shown ones (the time only while pointing), spaces as one.
    const legend = async (chart: string) => (await page.getByTestId(chart).locator('.u-legend tr').filter({ visible: true }).allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());

    await openCharts(desktop);
    await expect(page.getByTestId('bucket').inputValue()).resolves.toBe('hour');
    // Per hour, the time axis marks whole hours only (never 20:15).
    await expect.poll(times).not.toEqual([]);
    expect((await times()).filter((time) => !time.endsWith(':00'))).toEqual([]);
    expect(await drawnText()).toEqual(expect.arrayContaining(['Time', 'Tickets', 'Revenue (EUR)']));
    // The legend names the series; nothing stands in for a value while no point is pointed at.
    const types = (await event()).ticketTypes.map((type: { name: string }) => type.name);
    await expect(legend('sales-chart')).resolves.toEqual(types.length > 1 ? ['All tickets', ...types] : ['All tickets']);
    await expect(legend('revenue-chart')).resolves.toEqual(['Revenue']);
    // Pointing at the chart shows the values at that point, and the time.
    const plot = page.getByTestId('revenue-chart').locator('.u-over');
    await expect(page.getByTestId('revenue-chart').locator('.visually-hidden th[scope=row]').first().textContent()).resolves.toMatch(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:00$/);
    await plot.hover();
    await expect.poll(() => legend('revenue-chart')).toEqual([expect.stringMatching(/^Time:?\s*\d.*\d\d:\d\d$/), expect.stringMatching(/^Revenue:?\s*€\d/)]);
    await page.mouse.move(0, 0);
    await expect.poll(() => legend('revenue-chart')).toEqual(['Revenue']);
    await screenshot(page, 'dashboard', 'first-event-chart');

    // Per minute the chart is drawn anew, with minutes between the hours.
    await page.evaluate(() => ((window as unknown as { drawn: string[] }).drawn.length = 0));
    await page.getByTestId('bucket').selectOption('minute');
    await expect.poll(async () => (await times()).some((time) => !time.endsWith(':00'))).toBe(true);
    expect(errors).toEqual([]);

    await openCharts({ ...desktop, locale: 'nl-NL' });
    await expect.poll(drawnText).toEqual(expect.arrayContaining(['Tijd', 'Tickets', 'Omzet (EUR)']));
    await expect(legend('revenue-chart')).resolves.toEqual(['Omzet']);
    expect(errors).toEqual([]);

    await screenshotLooks(web, token, `/events/${eventId}`, 'first-event-chart', async (shown) => {
      await shown.getByTestId('sales-chart').locator('canvas').first().waitFor();
      await shown.getByTestId('sales-chart').scrollIntoViewIfNeeded();
    });
  });
});
