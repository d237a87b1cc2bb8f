import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserAvailable, phone, screenshot, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';
import { uploadScan } from '../../../packages/server/test/support/scans.ts';
import { buyInWallet, eventWithGate, readQr } from './support.ts';

describe.skipIf(!browserAvailable)('wallet: questions and the privacy centre', () => {
  const web = webTestBed();

  it('answers one question, declines the next, withdraws consent, opts in to news and back, exports and deletes, and the ticket still works', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = (method: 'GET' | 'POST', url: string, payload?: object) =>
      web.server.app.inject({ method, url, headers: bearer(event.organizer.token), ...(payload ? { payload } : {}) });
    for (const [key, en, nl, purpose] of [
      ['favourite_artist', 'Which artist brought you here?', 'Voor welke artiest kwam je?', 'line_up_planning'],
      ['home_town', 'Where do you live?', 'Waar woon je?', 'travel_planning'],
    ]) {
      const question = await organizer('POST', '/api/v1/profile-questions', { key, text: { en, nl }, purpose, moment: 'after_purchase' });
      expect(question.statusCode).toBe(201);
    }
    const profiles = async () => (await organizer('GET', `/api/v1/events/${event.eventId}/holders`)).json().holders.map((h: { profile: object }) => h.profile);

    const context = await web.browser.newContext(phone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);

    // One question at a time, with its purpose, and "no thanks" always there.
    const card = page.getByTestId('question');
    await card.getByLabel('Which artist brought you here?').fill('Radiohead');
    await expect(card.getByText(/line up planning/).count()).resolves.toBe(1);
    await screenshot(page, 'wallet', 'question');
    await card.getByRole('button', { name: 'Answer' }).click();
    await card.getByLabel('Where do you live?').waitFor();
    await card.getByRole('button', { name: 'No thanks' }).click();
    await page.getByText('Thank you for your answer.').waitFor();
    expect(await profiles()).toEqual([{ favourite_artist: 'Radiohead' }]);

    await page.getByRole('link', { name: 'Privacy' }).click();
    const consent = page.getByTestId('consent');
    await consent.getByText('line up planning').waitFor();
    await screenshot(page, 'wallet', 'privacy-centre');
    await consent.getByRole('button', { name: 'Withdraw consent for Paradiso: line up planning' }).click();
    await consent.getByText(/^Withdrawn/).waitFor();
    expect(await profiles()).toEqual([{}]);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as JSON' }).click();
    const exported = JSON.parse(readFileSync((await (await download).path())!, 'utf8'));
    expect(exported.format).toBe('ticketguard-account-export/1');
    // Withdrawing the consent deleted the answer given under it.
    expect(exported.answers).toEqual([]);
    expect(exported.consents.map((c: { granted: number }) => c.granted)).toEqual([1, 0]);
    expect(exported.tickets).toHaveLength(1);

    await page.getByTestId('language').selectOption('nl');
    await page.getByRole('button', { name: 'Download als JSON' }).waitFor();
    await screenshot(page, 'wallet', 'privacy-centre-nl');
    await page.getByTestId('language').selectOption('en');

    // News from the organizer needs its own consent: offered once on the ticket, changed any time here.
    const reach = async () => (await organizer('POST', `/api/v1/events/${event.eventId}/audience`, { purpose: 'marketing' })).json().recipients;
    expect(await reach()).toBe(0);
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByTestId('ticket-row').first().click();
    const offer = page.getByTestId('keep-posted');
    await offer.getByRole('heading', { name: 'Stay in touch with Paradiso?' }).waitFor();
    await screenshot(page, 'wallet', 'keep-posted');
    await offer.getByRole('button', { name: 'Yes, keep me posted' }).click();
    await offer.getByText('Done: Paradiso may send you news.').waitFor();
    expect(await reach()).toBe(1);
    await page.getByRole('link', { name: 'Privacy' }).click();
    const news = consent.filter({ hasText: 'news about their next events' });
    await news.getByRole('button', { name: 'Stop news from Paradiso' }).click();
    await news.getByText(/^Sends you no news · stopped/).waitFor();
    expect(await reach()).toBe(0);
    await news.getByRole('button', { name: 'Agree again for Paradiso: news about their next events' }).click();
    await news.getByText(/^May send you news · agreed/).waitFor();
    expect(await reach()).toBe(1);
    await screenshot(page, 'wallet', 'privacy-centre-agreed-again');
    // On record now, so the ticket no longer asks.
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByTestId('ticket-row').first().click();
    await page.getByTestId('ticket-qr').waitFor();
    await page.waitForLoadState('networkidle'); // the offer decides after reading the ledger
    await expect(page.getByTestId('keep-posted').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Privacy' }).click();

    await page.getByRole('button', { name: 'Delete my account' }).click();
    await screenshot(page, 'wallet', 'delete-confirm');
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('Deleted. Your tickets are still on this phone.').waitFor();
    await expect(page.getByTestId('consent').count()).resolves.toBe(0);
    expect(await profiles()).toEqual([{}]);

    // Erasure keeps the ticket: it still opens the gate from this phone.
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByTestId('ticket-row').first().click();
    const qr = await readQr(page);
    expect(await uploadScan(web.server.app, event.gateToken, qr.text, { at: qr.at })).toMatchObject({ verdict: 'accepted' });

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
