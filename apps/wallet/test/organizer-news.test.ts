import { describe, expect, it } from 'vitest';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed, withoutOfflineNoise } from '../../../packages/server/test/support/browser.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { buyInWallet, eventWithGate } from './support.ts';

/**
 * News from an organizer to visitors across its events (POST /api/v1/messages): no one event's
 * message, and marketing, so it reaches only a visitor who agreed, and stops with one tap.
 */
describe.skipIf(!browserAvailable)('wallet: news from an organizer in the inbox', () => {
  const web = webTestBed();

  it('shows news under the organizer’s name, stops it with one tap so the next does not arrive, and agrees again under Privacy', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = (url: string, payload: object) => web.server.app.inject({ method: 'POST', url, headers: bearer(event.organizer.token), payload });
    const sendNews = async (title: string, extra: object = {}) => {
      const sent = await organizer('/api/v1/messages', { title, body: 'Early birds first, for visitors like you.', audience: { heldEventIds: [event.eventId] }, ...extra });
      expect(sent.statusCode, sent.body).toBe(201);
      return sent.json().recipients as number;
    };
    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);

    // The visitor says yes to news on the ticket, the one place the wallet asks.
    await page.getByTestId('ticket-row').first().click();
    await page.getByTestId('keep-posted').getByRole('button', { name: 'Yes, keep me posted' }).click();
    await page.getByText('Done: Paradiso may send you news.').waitFor();

    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    // A message about the event is as it was: no sender line, nothing to stop.
    expect((await organizer(`/api/v1/events/${event.eventId}/messages`, { title: 'Doors open at 19:00', body: 'See you soon.' })).statusCode).toBe(201);
    expect(
      await sendNews('Our summer festival is on sale', {
        translations: { nl: { title: 'Ons zomerfestival is in de verkoop', body: 'Vroege vogels eerst, voor bezoekers zoals jij.' } },
      }),
    ).toBe(1);

    const messages = page.getByTestId('message');
    const news = messages.filter({ hasText: 'Our summer festival is on sale' });
    await news.getByText('News from Paradiso', { exact: true }).waitFor();
    const stop = news.getByRole('button', { name: 'Stop news from Paradiso' });
    await stop.waitFor();
    const doors = messages.filter({ hasText: 'Doors open at 19:00' });
    await doors.getByRole('heading').waitFor();
    await expect(doors.getByText(/News from/).count()).resolves.toBe(0);
    await expect(doors.getByRole('button').count()).resolves.toBe(0);
    await expect(page.getByText('undefined').count()).resolves.toBe(0);
    await screenshot(page, 'wallet', 'inbox-news');
    await expectAccessibleInBothSchemes(page, 'wallet', 'inbox-news');

    await page.getByTestId('language').selectOption('nl');
    const nieuws = messages.filter({ hasText: 'Ons zomerfestival is in de verkoop' });
    await nieuws.getByText('Nieuws van Paradiso', { exact: true }).waitFor();
    await nieuws.getByRole('button', { name: 'Stop nieuws van Paradiso' }).waitFor();
    await screenshot(page, 'wallet', 'inbox-news-nl');
    await page.getByTestId('language').selectOption('en');

    await stop.click();
    await news.getByRole('status').getByText('You stopped news from Paradiso.').waitFor();
    await screenshot(page, 'wallet', 'inbox-news-stopped');

    // The next news reaches no one; a message about the event, sent after it, still arrives.
    expect(await sendNews('Last tickets for the summer festival')).toBe(0);
    expect((await organizer(`/api/v1/events/${event.eventId}/messages`, { title: 'Cloakroom by the bar', body: 'Free.' })).statusCode).toBe(201);
    await messages.getByRole('heading', { name: 'Cloakroom by the bar' }).waitFor();
    await expect(messages.getByRole('heading', { name: 'Last tickets for the summer festival' }).count()).resolves.toBe(0);

    // The privacy centre says the same, and one tap there lets the news in again.
    await news.getByRole('link', { name: 'Change this under Privacy' }).click();
    const consent = page.getByTestId('consent').filter({ hasText: 'news about their next events' });
    await consent.getByText(/^Sends you no news · stopped/).waitFor();
    await screenshot(page, 'wallet', 'privacy-news-stopped');
    await consent.getByRole('button', { name: 'Agree again for Paradiso: news about their next events' }).click();
    await consent.getByText(/^May send you news · agreed/).waitFor();
    expect(await sendNews('Line-up announced')).toBe(1);
    await page.getByRole('link', { name: 'Inbox' }).click();
    await messages.getByRole('heading', { name: 'Line-up announced' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Stop news from Paradiso' }).count()).toBe(2);

    // Offline the phone still names the sender, from the event it keeps; whether news may come is not known, so no button.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await context.setOffline(true);
    await page.reload();
    const lineUp = messages.filter({ hasText: 'Line-up announced' });
    await lineUp.getByText('News from Paradiso', { exact: true }).waitFor();
    await expect(page.getByRole('button', { name: /^Stop news/ }).count()).resolves.toBe(0);
    // An event kept by an older wallet does not name its organizer: the news then says so plainly.
    await page.evaluate(forgetOrganizers);
    await page.reload();
    await lineUp.getByText('News from an organizer you follow', { exact: true }).waitFor();
    await expect(page.getByText('undefined').count()).resolves.toBe(0);
    await screenshot(page, 'wallet', 'inbox-news-unknown-organizer');

    expect(withoutOfflineNoise(errors)).toEqual([]);
    await context.close();
  }, 120_000);
});

/** Runs in the page: the events on the phone as an older wallet stored them, without their organizer. */
function forgetOrganizers() {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('tg-wallet');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('events', 'readwrite');
      const store = tx.objectStore('events');
      const all = store.openCursor();
      all.onsuccess = () => {
        const cursor = all.result;
        if (!cursor) return;
        const { organizer: _, ...event } = cursor.value as { organizer?: unknown };
        cursor.update(event);
        cursor.continue();
      };
      tx.oncomplete = () => (open.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  });
}
