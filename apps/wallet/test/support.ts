import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { bearer, publishedEvent, signUp } from '../../../packages/server/test/support/harness.ts';
import { screenshot } from '../../../packages/server/test/support/browser.ts';

/** An organizer with an event on sale and a gate device for it, made through the organizer API. */
export async function eventWithGate(app: FastifyInstance, options: Parameters<typeof publishedEvent>[2] = {}) {
  const organizer = await signUp(app, 'Paradiso');
  const event = await publishedEvent(app, organizer.token, { capacity: 20, ...options });
  const device = await app.inject({ method: 'POST', url: `/api/v1/events/${event.eventId}/gate-devices`, headers: bearer(organizer.token), payload: { name: 'north' } });
  if (device.statusCode !== 201) throw new Error(`gate device failed: ${device.statusCode} ${device.body}`);
  return { ...event, organizer, gateToken: device.json().token as string };
}

/**
 * Reads the ticket's QR the way a scanner's camera would: a screenshot of the element, decoded by
 * jsQR. Returns the text, the QR version jsQR found, and when it was read (the scan's time).
 */
export async function readQr(page: Page, testId = 'ticket-qr') {
  // Drawn: the canvas loses its placeholder look once its first code is on it.
  const element = page.locator(`[data-testid="${testId}"]:not(.qr-placeholder)`);
  await element.waitFor({ state: 'visible' });
  // A camera gets several tries too; a code caught mid-change, or a slow first frame, reads on the next.
  for (let attempt = 0; attempt < 5; attempt++) {
    const png = PNG.sync.read(await element.screenshot());
    // jsqr is CommonJS: its function is the module's `default` under Node's ESM interop.
    const code = jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height);
    if (code) return { text: code.data, version: code.version, at: new Date() };
    await page.waitForTimeout(300);
  }
  throw new Error('no QR code could be read from the screenshot');
}

/** Waits until the QR on screen changes (the next 5-second presentation). */
export async function nextQr(page: Page, previous: string) {
  for (let i = 0; i < 40; i++) {
    const current = await readQr(page);
    if (current.text !== previous) return current;
    await page.waitForTimeout(250);
  }
  throw new Error('the QR did not rotate');
}

/** Buys `count` tickets of the event's first type in the wallet, through the sandbox checkout, and waits for My tickets. */
export async function buyInWallet(page: Page, baseUrl: string, eventId: string, count: number) {
  await page.goto(`${baseUrl}/wallet/e/${eventId}`);
  // Tickets only: an add-on's button is "One more Parking".
  for (let i = 0; i < count; i++) await page.getByRole('button', { name: /^One more .+ ticket$/ }).click();
  await page.getByRole('button', { name: /^Buy for / }).click();
  await page.getByRole('button', { name: 'Pay', exact: true }).click();
  await page.getByRole('heading', { name: 'My tickets' }).waitFor();
  await page.getByTestId('ticket-row').nth(count - 1).waitFor();
}

/** Parking beside the event's tickets: an add-on, sold to ticket holders only (`requiresAdmission` by default). */
export async function addParking(app: FastifyInstance, organizerToken: string, eventId: string) {
  const payload = { name: 'Parking', priceCents: 1000, currency: 'EUR', capacity: 10, kind: 'addon' };
  const answer = await app.inject({ method: 'POST', url: `/api/v1/events/${eventId}/ticket-types`, headers: bearer(organizerToken), payload });
  if (answer.statusCode !== 201) throw new Error(`add-on failed: ${answer.statusCode} ${answer.body}`);
  return answer.json().id as string;
}

/** A platform authenticator with user verification, as a phone has, through the DevTools protocol. */
export async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  return { cdp, authenticatorId };
}

/** Takes a screenshot in Dutch too, waiting for a Dutch text of the screen first; leaves the page in English. */
export async function screenshotInBoth(page: Page, name: string, dutch: string | RegExp) {
  await screenshot(page, 'wallet', name);
  await page.getByTestId('language').selectOption('nl');
  await page.getByText(dutch, { exact: true }).first().waitFor();
  await screenshot(page, 'wallet', `${name}-nl`);
  await page.getByTestId('language').selectOption('en');
}
