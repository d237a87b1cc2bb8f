import { describe, expect, it } from 'vitest';
import { browserAvailable, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { buyInWallet, eventWithGate, readQr } from './support.ts';
import { asOrganizer, checkInBoth, smallPhone } from './first-real-event-support.ts';

/** Issue 18, item 9 and the help desk's reference: a ticket handed on, seen from both phones. */
describe.skipIf(!browserAvailable)('wallet: ready for a first real event (handing on)', () => {
  const web = webTestBed();

  it('prints the ticket’s reference, which the help desk finds; the buyer’s open screen says "claimed by your friend" as soon as the friend has it', async () => {
    const event = await eventWithGate(web.server.app);
    const buyerContext = await web.browser.newContext(smallPhone);
    await buyerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.baseUrl });
    const buyer = await buyerContext.newPage();
    const buyerErrors = watchConsole(buyer);
    await buyInWallet(buyer, web.server.baseUrl, event.eventId, 2);
    await buyer.getByTestId('ticket-row').nth(1).click();
    await readQr(buyer);

    // The reference, large, and the desk finds this very ticket by it.
    const ref = await buyer.getByTestId('ticket-ref').innerText();
    expect(ref).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const ticketId = new URL(buyer.url()).pathname.split('/').pop();
    const desk = await asOrganizer(web.server.app, event.organizer.token)('GET', `/api/v1/desk/tickets?ref=${ref.toLowerCase()}`);
    expect(desk.statusCode, desk.body).toBe(200);
    expect(desk.json().tickets.map((t: { id: string }) => t.id)).toEqual([ticketId]);
    expect(await buyer.getByText('The help desk asks for this reference').count()).toBe(1);
    await checkInBoth(buyer, 'ticket-ref', 'Kenmerk');

    await buyer.getByRole('button', { name: 'Make a link for a friend' }).click();
    await buyer.getByText('Link copied').waitFor();
    const claimUrl = await buyer.getByTestId('claim-link').inputValue();

    // The friend claims on their phone; the buyer's screen stays open and changes by itself.
    const friendContext = await web.browser.newContext(smallPhone);
    const friend = await friendContext.newPage();
    const friendErrors = watchConsole(friend);
    await friend.goto(claimUrl);
    await friend.waitForURL(/\/wallet\/t\//);
    expect(new URL(friend.url()).pathname).toBe(`/wallet/t/${ticketId}`);
    const claimedAt = Date.now();
    await buyer.getByTestId('handed-on').getByText('Claimed by your friend.').waitFor({ timeout: 6000 });
    expect(Date.now() - claimedAt).toBeLessThan(6000);
    expect(await buyer.getByTestId('ticket-qr').count()).toBe(0);
    expect(await buyer.getByRole('button', { name: 'Make a link for a friend' }).count()).toBe(0);
    await checkInBoth(buyer, 'ticket-claimed', 'Opgehaald door je vriend.');

    // The list keeps it, greyed and without its code.
    await buyer.getByRole('link', { name: 'Tickets' }).click();
    const rows = buyer.getByTestId('ticket-row');
    await expect.poll(() => rows.nth(1).innerText()).toMatch(/Claimed by your friend$/);
    expect(await rows.nth(1).evaluate((row) => row.tagName)).toBe('DIV');
    expect(await rows.nth(0).evaluate((row) => row.tagName)).toBe('A');
    await checkInBoth(buyer, 'my-tickets-claimed', 'Opgehaald door je vriend');

    // The friend opens the used link again, on the phone that holds the ticket: it is their ticket again.
    await friend.goto(`${web.server.baseUrl}/wallet/`);
    await friend.getByTestId('ticket-row').first().waitFor();
    await friend.goto(claimUrl);
    await friend.waitForURL(`**/wallet/t/${ticketId}`);
    await readQr(friend);
    expect(buyerErrors).toEqual([]);
    expect(friendErrors).toEqual([]);
    await Promise.all([buyerContext.close(), friendContext.close()]);
  }, 120_000);

  it('cancels a claim link nobody used: it stops working and the ticket stays', async () => {
    const event = await eventWithGate(web.server.app);
    const context = await web.browser.newContext(smallPhone);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: web.server.baseUrl });
    const page = await context.newPage();
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    await page.getByTestId('ticket-row').first().click();
    await page.getByRole('button', { name: 'Make a link for a friend' }).click();
    const claimUrl = await page.getByTestId('claim-link').inputValue();
    await page.getByRole('button', { name: 'Cancel the link' }).click();
    await page.getByRole('status').getByText('Link cancelled: it no longer works, and the ticket stays on this phone.').waitFor();
    expect(await page.getByTestId('claim-link').count()).toBe(0);
    await page.getByRole('button', { name: 'Make a link for a friend' }).waitFor();

    const otherContext = await web.browser.newContext(smallPhone);
    const other = await otherContext.newPage();
    await other.goto(claimUrl);
    await other.getByRole('alert').getByText('Not found. The link may be wrong or expired.').waitFor();
    await page.reload();
    await readQr(page);
    expect(await page.getByRole('button', { name: 'Make a link for a friend' }).count()).toBe(1);
    await Promise.all([context.close(), otherContext.close()]);
  }, 60_000);
});
