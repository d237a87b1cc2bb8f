import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { browserAvailable, desktop, phone, screenshot, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { organizerRequest, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { testClock } from '../../../packages/server/test/support/clock.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { HttpWallet } from './support/http-wallet.ts';
import { barValue, downloadLines, expectText, reopenSignedIn } from './support/dashboard-page.ts';
import { descriptionOf } from './support/payment-world.ts';

/**
 * A festival's products and entrances, driven through the dashboard and proved through the API: a parking
 * add-on whose sales stop, a VIP area with re-entry and its scanners, and who is inside, live.
 */
describe.skipIf(!browserAvailable)('organizer dashboard: products, check-in lists, gate devices and who is inside', () => {
  const clock = testClock();
  const web = webTestBed({}, clock);
  let token = '';
  let eventId = '';
  const types = { standing: '', vip: '', parking: '' };
  const gates = { main: '', vip: '' };
  let vipList = '';
  let page: Page;
  let errors: string[];
  const as = organizerRequest(() => web.server.app, () => token);
  const get = async (path: string) => (await as('GET', path)).json();
  const wallet = () => HttpWallet.withAccount(web.server.baseUrl, clock);

  beforeAll(async () => {
    ({ token } = await signUp(web.server.app));
    const event = await publishedEvent(web.server.app, token, { capacity: 100 });
    eventId = event.eventId;
    types.standing = event.ticketTypeId;
    types.vip = (await as('POST', `/api/v1/events/${eventId}/ticket-types`, { name: 'VIP', priceCents: 9000, currency: 'EUR', capacity: 20 })).json().id;
    gates.main = (await as('POST', `/api/v1/events/${eventId}/gate-devices`, { name: 'Main entrance' })).json().token;
  });

  const open = async (path: string, options: BrowserContextOptions = desktop) => {
    ({ page, errors } = await reopenSignedIn(page, web, token, path, options));
    return page;
  };
  const product = (name: string) => page.getByTestId('product').filter({ has: page.getByText(name, { exact: true }) });
  const listCard = (name: string) => page.getByTestId('check-in-list').filter({ has: page.getByRole('heading', { name, exact: true }) });
  const typeOf = async (id: string) => (await get(`/api/v1/events/${eventId}`)).ticketTypes.find((t: { id: string }) => t.id === id);
  /** One paid order of one of each type, as a visitor's phone places it. */
  const order = (buyer: HttpWallet, ...typeIds: string[]) => buyer.request('POST', '/api/v1/orders', { eventId, items: typeIds.map((ticketTypeId) => ({ ticketTypeId, quantity: 1 })) });
  const buy = async (buyer: HttpWallet, ...typeIds: string[]) => {
    const placed = await (await order(buyer, ...typeIds)).json();
    await buyer.call('POST', `/api/v1/orders/${placed.order.id}/sandbox-payment`, { outcome: 'paid' });
  };

  it('sells a parking add-on only to ticket holders, stops its sales, fixes a sold price, and counts add-ons apart', { timeout: 60_000 }, async () => {
    await open(`/events/${eventId}/setup`);
    const add = page.getByTestId('add-ticket-type');
    await add.getByLabel('Add-on').check();
    await add.getByLabel('Name').fill('Parking');
    await add.getByLabel('Price').fill('10');
    await add.getByLabel('Capacity').fill('50');
    await expect(add.getByLabel('Only for ticket holders').isChecked()).resolves.toBe(true);
    await expect(descriptionOf(add.getByLabel('Only for ticket holders'))).resolves.toContain('buys one in the same order');
    await add.getByRole('button', { name: 'Add add-on' }).click();
    await product('Parking').getByText('only for ticket holders').waitFor();
    await expect(product('Parking').locator('.badge').allTextContents()).resolves.toEqual(['Add-on']);
    await expect(product('Standing').locator('.badge').allTextContents()).resolves.toEqual(['Ticket']);
    types.parking = (await get(`/api/v1/events/${eventId}`)).ticketTypes.find((t: { name: string }) => t.name === 'Parking').id;
    expect(await typeOf(types.parking)).toMatchObject({ kind: 'addon', requiresAdmission: true, priceCents: 1000, capacity: 50, salesStopped: false });

    // Parking alone is refused to a phone without a ticket; with a ticket in the same order it sells.
    const refused = await order(await wallet(), types.parking);
    expect([refused.status, (await refused.json()).error.code]).toEqual([409, 'admission_required']);
    const holder = await wallet();
    await buy(holder, types.standing, types.parking);
    await buy(await wallet(), types.vip);

    await page.reload();
    await page.getByRole('button', { name: 'Edit Standing' }).click();
    const price = page.getByTestId('ticket-types').getByLabel('Price');
    await expect(price.isDisabled()).resolves.toBe(true);
    await expect(descriptionOf(price)).resolves.toContain('The price is fixed');
    await screenshot(page, 'dashboard', 'lists-product-price-fixed');
    await page.getByTestId('ticket-types').getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Stop sales of Parking' }).click();
    await product('Parking').getByRole('alert').getByText('Nobody can buy Parking').waitFor();
    await screenshot(page, 'dashboard', 'lists-product-stop-confirm');
    await page.getByRole('button', { name: 'Stop selling Parking' }).click();
    await product('Parking').getByText('Sales stopped').waitFor();
    await page.getByRole('button', { name: 'Resume sales of Parking' }).waitFor();
    expect(await typeOf(types.parking)).toMatchObject({ salesStopped: true, available: 0 });
    const stopped = await order(holder, types.parking);
    expect([stopped.status, (await stopped.json()).error.code]).toEqual([409, 'sales_stopped']);
    await screenshot(page, 'dashboard', 'lists-products');

    // Tickets sold counts admission tickets; the add-on has its own figures.
    await page.getByTestId('tab-overview').click();
    await expectText(page, 'tickets-sold', '2');
    await expectText(page, 'addons-sold', '1');
    await expectText(page, 'addons-revenue', '€10.00');
    await expectText(page, 'addons-buyers', '1');
    await screenshot(page, 'dashboard', 'lists-overview-addons');
    expect(errors).toEqual([]);
  });

  it('makes a VIP list with re-entry, binds a new device to it and moves another, and refuses to delete it while in use', { timeout: 60_000 }, async () => {
    await open(`/events/${eventId}/lists`);
    for (const name of ['Entrance', 'Vouchers']) await listCard(name).getByText('Default').waitFor();
    await expect(listCard('Entrance').getByRole('button', { name: /Delete/ }).count()).resolves.toBe(0);
    const form = page.getByTestId('new-list');
    await form.getByLabel('List name').fill('VIP area');
    await form.getByLabel('Only the products ticked below').check();
    await form.getByRole('button', { name: 'Create list' }).click();
    await form.getByRole('alert').getByText('Tick at least one product.').waitFor();
    await form.getByLabel('VIP').check();
    await form.getByLabel('Allow re-entry').check();
    await form.getByRole('button', { name: 'Create list' }).click();
    await listCard('VIP area').getByText('Admits: VIP').waitFor();
    await expect(listCard('VIP area').locator('.badge').allTextContents()).resolves.toEqual(['Tickets', 'Re-entry']);
    await expectText(page, 'list-counts', 'Inside 0 · entries 0 · exits 0');
    const { lists } = await get(`/api/v1/events/${eventId}/check-in-lists`);
    const made = lists.find((l: { name: string }) => l.name === 'VIP area');
    expect(made).toMatchObject({ ticketTypeIds: [types.vip], allowReentry: true, mode: 'ticket', isDefault: false });
    vipList = made.id;
    await screenshot(page, 'dashboard', 'lists');
    // A default list keeps admitting every type; its name and re-entry can change.
    await page.getByRole('button', { name: 'Edit list Entrance' }).click();
    const edit = page.getByTestId('edit-list');
    await edit.getByText('A default list admits every type.').waitFor();
    await edit.getByLabel('Allow re-entry').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await listCard('Entrance').getByText('Re-entry').waitFor();
    expect((await get(`/api/v1/events/${eventId}/check-in-lists`)).lists[0]).toMatchObject({ name: 'Entrance', isDefault: true, ticketTypeIds: null, allowReentry: true });

    await page.getByTestId('tab-gate').click();
    await page.getByLabel('Device name').fill('VIP door');
    await page.locator('form', { has: page.getByTestId('create-device') }).getByLabel('Check-in list').selectOption({ label: 'VIP area' });
    await page.getByTestId('create-device').click();
    gates.vip = (await page.getByTestId('pair-url').inputValue()).split('#')[1]!;
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByLabel('Check-in list of VIP door').inputValue()).toBe(vipList);
    await page.getByLabel('Check-in list of Main entrance').selectOption({ label: 'VIP area' });
    await page.getByRole('status').getByText('Main entrance now scans for VIP area').waitFor();
    const listOf = async () => Object.fromEntries((await get(`/api/v1/events/${eventId}/gate-devices`)).devices.map((d: { name: string; checkInListId: string | null }) => [d.name, d.checkInListId]));
    await expect(listOf()).resolves.toEqual({ 'Main entrance': vipList, 'VIP door': vipList });
    await screenshot(page, 'dashboard', 'lists-gate-devices');

    await page.getByTestId('tab-lists').click();
    await page.getByRole('button', { name: 'Delete list VIP area' }).click();
    await page.getByRole('button', { name: 'Delete VIP area', exact: true }).click();
    await listCard('VIP area').getByRole('alert').getByText('2 gate devices still scan for this list. Move them to another list on the Gate tab first.').waitFor();
    await screenshot(page, 'dashboard', 'lists-delete-refused');
    expect((await get(`/api/v1/events/${eventId}/check-in-lists`)).lists.map((l: { name: string }) => l.name)).toContain('VIP area');

    await page.getByTestId('tab-gate').click();
    await page.getByLabel('Check-in list of Main entrance').selectOption({ label: 'Default lists' });
    await page.getByRole('status').getByText('Main entrance now scans for Default lists').waitFor();
    await expect(listOf()).resolves.toEqual({ 'Main entrance': null, 'VIP door': vipList });
    expect(errors.filter((e) => !e.includes('409'))).toEqual([]);
  });

  it('shows who is inside as scans arrive, per list and per minute, and downloads one list\'s entries and exits', { timeout: 60_000 }, async () => {
    await open(`/events/${eventId}/lists`);
    await expectText(page, 'inside-now', '0');
    await page.getByTestId('presence').getByText('No entries or exits yet.').waitFor();
    const scan = async (gate: string, visitor: HttpWallet, typeId: string, direction: 'in' | 'out' = 'in') => {
      const ticket = (await visitor.tickets(eventId)).find((t) => t.ticketTypeId === typeId)!;
      return uploadScan(web.server.app, gate, await visitor.qrOf(ticket.credential), { at: clock(), direction, gate: 'door' });
    };
    const standing = await wallet();
    await buy(standing, types.standing);
    const vip = await wallet();
    await buy(vip, types.vip);
    expect(await scan(gates.main, standing, types.standing)).toMatchObject({ verdict: 'accepted' });
    expect(await scan(gates.vip, vip, types.vip)).toMatchObject({ verdict: 'accepted' });
    clock.advance(60);
    expect(await scan(gates.vip, vip, types.vip, 'out')).toMatchObject({ verdict: 'accepted' });
    clock.advance(60);
    expect(await scan(gates.vip, vip, types.vip)).toMatchObject({ verdict: 'accepted' });

    // No reload: the page polls every few seconds.
    await expectText(page, 'inside-now', '2');
    await expect.poll(() => barValue(page.getByTestId('inside-per-list'), 'VIP area').textContent()).toBe('1');
    await expect(barValue(page.getByTestId('inside-per-list'), 'Entrance').textContent()).resolves.toBe('1');
    await listCard('VIP area').getByText('Inside 1 · entries 2 · exits 1').waitFor();
    await listCard('Entrance').getByText('Inside 1 · entries 1 · exits 0').waitFor();
    const chart = page.getByTestId('presence-chart');
    await chart.locator('canvas').waitFor();
    await chart.getByRole('img', { name: 'Entries and exits per minute, All lists (in total: entries 3, exits 1)' }).waitFor();
    await expect(chart.locator('.visually-hidden thead th').allTextContents()).resolves.toEqual(['Time', 'Entries', 'Exits']);
    await page.getByTestId('presence-list').selectOption({ label: 'VIP area' });
    await chart.getByRole('img', { name: 'Entries and exits per minute, VIP area (in total: entries 2, exits 1)' }).waitFor();
    // The VIP area's minutes with a scan: in, out, in again (quiet minutes are 0 and 0).
    const rows = await chart.locator('.visually-hidden tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(rows.filter((cells) => cells.join() !== '0,0')).toEqual([['1', '0'], ['0', '1'], ['1', '0']]);
    await page.getByTestId('presence-updated').getByText(/^Live, updated at/).waitFor();
    await screenshot(page, 'dashboard', 'lists-presence');
    expect((await get(`/api/v1/events/${eventId}/presence`)).inside).toBe(2);

    const [header, ...lines] = await downloadLines(page, page.getByRole('button', { name: 'Entries and exits of VIP area (CSV)' }));
    expect(header).toBe('ticket,ticketTypeId,ticketType,kind,holderRef,list,direction,scannedAt,gate,device');
    expect(lines.map((line) => line.split(',')).map((cells) => [cells[2], cells[5], cells[6], cells[9]])).toEqual([
      ['VIP', 'VIP area', 'in', 'VIP door'],
      ['VIP', 'VIP area', 'out', 'VIP door'],
      ['VIP', 'VIP area', 'in', 'VIP door'],
    ]);
    const entrance = await downloadLines(page, page.getByRole('button', { name: 'Entries and exits of Entrance (CSV)' }));
    expect(entrance.slice(1).map((line) => line.split(',').slice(5, 7))).toEqual([['Entrance', 'in']]);
    expect(errors).toEqual([]);
  });

  it('shows products, lists, devices and presence in Dutch, and on a small phone', { timeout: 60_000 }, async () => {
    const dutch = { ...desktop, locale: 'nl-NL' };
    const shots: [path: string, name: string, ready: (page: Page) => Promise<unknown>][] = [
      ['setup', 'products', (p) => p.getByRole('heading', { name: 'Tickets en extra’s' }).waitFor()],
      ['lists', 'lists', (p) => p.getByTestId('presence-chart').locator('canvas').waitFor()],
      ['gate', 'gate-devices', (p) => p.getByLabel('Inchecklijst van VIP door').waitFor()],
    ];
    for (const [path, name, ready] of shots) {
      await open(`/events/${eventId}/${path}`, dutch);
      await ready(page);
      await screenshot(page, 'dashboard', `lists-${name}-nl`);
    }
    await open(`/events/${eventId}/lists`, dutch);
    await page.getByTestId('presence').getByText('Nu binnen').first().waitFor();
    await listCard('VIP area').getByText('Binnen 1 · binnengekomen 2 · vertrokken 1').waitFor();
    await page.getByRole('button', { name: 'Lijst VIP area verwijderen' }).click();
    await page.getByRole('button', { name: 'VIP area verwijderen', exact: true }).click();
    await listCard('VIP area').getByRole('alert').getByText('Er scant nog 1 poortapparaat voor deze lijst.', { exact: false }).waitFor();
    await screenshot(page, 'dashboard', 'lists-delete-refused-nl');

    for (const [options, language] of [[phone, 'en'], [{ ...phone, locale: 'nl-NL' }, 'nl']] as const) {
      for (const [path, ready] of [['lists', () => page.getByTestId('presence-chart').locator('canvas').waitFor()], ['gate', () => page.getByTestId('devices').waitFor()], ['setup', () => page.getByTestId('product').first().waitFor()]] as const) {
        await open(`/events/${eventId}/${path}`, options);
        await ready();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} in ${language} is wider than the phone`).toBeLessThanOrEqual(360);
        await screenshot(page, 'dashboard', `lists-phone-${path}-${language}`);
      }
    }
  });
});
