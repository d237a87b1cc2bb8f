import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserAvailable, watchConsole, webTestBed } from '../../../packages/server/test/support/browser.ts';
import { buyInWallet, eventWithGate } from './support.ts';
import { asOrganizer, checkInBoth, smallPhone } from './first-real-event-support.ts';

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** Issue 18, items 11 and 12: the inbox (event names, unread badge) and the privacy centre (withdrawal, export). */
describe.skipIf(!browserAvailable)('wallet: ready for a first real event (inbox and privacy)', () => {
  const web = webTestBed();

  it('names the event on each message and badges the inbox tab with what came since it was last open', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = asOrganizer(web.server.app, event.organizer.token);
    const send = async (title: string) => {
      const sent = await organizer('POST', `/api/v1/events/${event.eventId}/messages`, { title, body: 'See you there.' });
      expect(sent.statusCode, sent.body).toBe(201);
    };
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    const inboxTab = page.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name: /^Inbox/ });
    const badge = page.getByTestId('unread');
    expect(await badge.count()).toBe(0);

    await send('Doors open at 19:00');
    await send('Bring your own cup');
    // The next screen asks the server: two messages came, the inbox was never opened.
    await page.getByRole('link', { name: 'Vouchers' }).click();
    await badge.getByText('2').waitFor();
    await page.getByRole('link', { name: 'Inbox (2 unread)', exact: true }).waitFor();
    await checkInBoth(page, 'inbox-badge', 'Nog geen vouchers.');

    await inboxTab.click();
    const messages = page.getByTestId('message');
    await expect.poll(() => messages.count()).toBe(2);
    expect(await messages.getByTestId('message-event').allInnerTexts()).toEqual(['Night of Tests', 'Night of Tests']);
    // This year's date carries no year.
    expect(await messages.first().innerText()).not.toContain(String(new Date().getFullYear()));
    expect(await badge.count()).toBe(0);
    await page.getByTestId('inbox-live').getByText('Live').waitFor();
    await checkInBoth(page, 'inbox-event', 'Berichten');

    // Read: no badge elsewhere, until a new one comes.
    await page.getByRole('link', { name: 'Tickets' }).click();
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await badge.count()).toBe(0);
    await send('The support act starts at 20:00');
    await page.getByRole('link', { name: 'Privacy' }).click();
    await badge.getByText('1').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('says before withdrawing that the answers go, and after how many did; the export is a readable document or the full JSON', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = asOrganizer(web.server.app, event.organizer.token);
    const question = await organizer('POST', '/api/v1/profile-questions', {
      text: { en: 'Which artist brought you here?', nl: 'Voor welke artiest kwam je?' }, purpose: 'to plan next year’s line-up', moment: 'after_purchase',
    });
    expect(question.statusCode, question.body).toBe(201);
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    const errors = watchConsole(page);
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    await page.getByTestId('question').getByLabel('Which artist brought you here?').fill('Radiohead');
    await page.getByTestId('question').getByRole('button', { name: 'Answer' }).click();
    await page.getByText('Thank you for your answer.').waitFor();
    await organizer('POST', `/api/v1/events/${event.eventId}/messages`, { title: 'Doors open at 19:00', body: 'Welcome to the Night of Tests.' });

    await page.getByRole('link', { name: 'Privacy' }).click();
    const consent = page.getByTestId('consent').filter({ hasText: 'line-up' });
    await consent.getByText('Withdrawing deletes your answers to the questions asked for this purpose.').waitFor();

    // The readable export, on screen and saved: the question with its answer, the message with its text,
    // the ticket with its event and reference; no ids.
    await page.getByRole('button', { name: 'Show my data' }).click();
    const myData = page.getByTestId('my-data');
    await myData.getByRole('heading', { name: 'Your data at Ticketguard' }).waitFor();
    const answers = myData.getByRole('region', { name: 'Your answers' });
    expect(await answers.innerText()).toMatch(/Question\s+Which artist brought you here\?\s+Purpose\s+to plan next year’s line-up\s+Answer\s+Radiohead/);
    expect(await myData.getByRole('region', { name: 'Messages' }).innerText()).toMatch(/Title\s+Doors open at 19:00\s+Text\s+Welcome to the Night of Tests\./);
    expect(await myData.getByRole('region', { name: 'Tickets' }).innerText()).toMatch(/Event\s+Night of Tests[\s\S]*State\s+Valid\s+Reference\s+[0-9A-Z]{5}-[0-9A-Z]{5}/);
    expect(await myData.innerText()).not.toMatch(uuid);
    const saving = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save as a file' }).click();
    const saved = readFileSync((await (await saving).path())!, 'utf8');
    expect(saved).toMatch(/^<!doctype html><html lang="en"><head><title>Your data at Ticketguard<\/title>/);
    for (const text of ['Which artist brought you here?', 'Radiohead', 'Welcome to the Night of Tests.']) expect(saved).toContain(text);
    expect(saved).not.toMatch(uuid);
    const json = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download as JSON' }).click();
    const exported = JSON.parse(readFileSync((await (await json).path())!, 'utf8'));
    expect(exported.format).toBe('ticketguard-account-export/1');
    expect(exported.answers.map((a: { answer: string }) => a.answer)).toEqual(['Radiohead']);
    await checkInBoth(page, 'privacy-withdraw', 'Intrekken wist je antwoorden op de vragen die voor dit doel zijn gesteld.');
    await page.getByTestId('language').selectOption('nl');
    await myData.getByRole('heading', { name: 'Je gegevens bij Ticketguard' }).waitFor();
    // Nothing wider than the phone, with the inbox's badge in the tab bar either.
    await page.getByTestId('unread').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(360);
    await page.getByTestId('language').selectOption('en');

    await consent.getByRole('button', { name: /^Withdraw consent for Paradiso/ }).click();
    await page.getByRole('status').getByText('Withdrawn. 1 answer was deleted.').waitFor();
    await consent.getByText(/^Withdrawn/).waitFor();
    const holders = await organizer('GET', `/api/v1/events/${event.eventId}/holders`);
    expect(holders.json().holders.map((h: { profile: object }) => h.profile)).toEqual([{}]);
    await checkInBoth(page, 'privacy-withdrawn', 'Ingetrokken. 1 antwoord is gewist.');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('asks a choice question with its options to tick, and sends the values chosen', async () => {
    const event = await eventWithGate(web.server.app);
    const organizer = asOrganizer(web.server.app, event.organizer.token);
    const options = [{ value: 'pop', label: { en: 'Pop', nl: 'Pop' } }, { value: 'jazz', label: { en: 'Jazz', nl: 'Jazz' } }, { value: 'techno', label: { en: 'Techno', nl: 'Techno' } }];
    const question = await organizer('POST', '/api/v1/profile-questions', {
      key: 'genres', text: { en: 'Which music do you like?', nl: 'Van welke muziek houd je?' }, purpose: 'to choose next year’s acts', moment: 'after_purchase', answerType: 'multiple', options,
    });
    expect(question.statusCode, question.body).toBe(201);
    const context = await web.browser.newContext(smallPhone);
    const page = await context.newPage();
    await buyInWallet(page, web.server.baseUrl, event.eventId, 1);
    const card = page.getByTestId('question');
    const choices = card.getByRole('group', { name: 'Which music do you like?' });
    await choices.getByRole('checkbox', { name: 'Jazz' }).check();
    await choices.getByRole('checkbox', { name: 'Techno' }).check();
    await checkInBoth(page, 'question-choice', 'Van welke muziek houd je?');
    await card.getByRole('button', { name: 'Answer' }).click();
    await page.getByText('Thank you for your answer.').waitFor();
    const holders = await organizer('GET', `/api/v1/events/${event.eventId}/holders`);
    expect(holders.json().holders[0].profile.genres).toBe('Jazz, Techno');
    await context.close();
  }, 60_000);
});
