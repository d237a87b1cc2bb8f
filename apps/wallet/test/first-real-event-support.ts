import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { base64urlDecode, compressP256, concatBytes, parseQrText } from '@ticketguard/protocol';
import { phone } from '../../../packages/server/test/support/browser.ts';
import { expectAccessibleInBothSchemes } from '../../../packages/server/test/support/accessibility.ts';
import { bearer } from '../../../packages/server/test/support/harness.ts';

/** The small phone of issue 18's screenshots: 360 × 640. */
export const smallPhone = { ...phone, viewport: { width: 360, height: 640 } };

/**
 * Checks a screen with axe and saves its screenshots in English and Dutch, dark and light
 * (a11y-<name>-<scheme>.png and a11y-<name>-nl-<scheme>.png); waits for a Dutch text first, and
 * leaves the page in English.
 */
export async function checkInBoth(page: Page, name: string, dutch: string | RegExp) {
  await expectAccessibleInBothSchemes(page, 'wallet', name);
  await page.getByTestId('language').selectOption('nl');
  await page.getByText(dutch).first().waitFor();
  await expectAccessibleInBothSchemes(page, 'wallet', `${name}-nl`);
  await page.getByTestId('language').selectOption('en');
}

/** A small PNG: a band of colour, as an organizer's picture of an event. */
export function picture() {
  const png = new PNG({ width: 64, height: 36 });
  for (let i = 0; i < png.width * png.height; i++) png.data.set([40 + (i % 64) * 3, 60, 160, 255], i * 4);
  return PNG.sync.write(png);
}

/** The organizer's request to the server, with its token. */
export const asOrganizer = (app: FastifyInstance, token: string) => (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });

/** The public event as anyone sees it: its products' availability. */
export async function available(app: FastifyInstance, eventId: string) {
  const event = (await app.inject({ method: 'GET', url: `/api/v1/events/${eventId}` })).json();
  return event.ticketTypes[0].available as number;
}

/** The phone's device key (the one signing DPoP proofs), compressed as a credential carries a holder key. */
export async function deviceHolderKey(page: Page) {
  const { x, y } = await page.evaluate(
    () =>
      new Promise<{ x: string; y: string }>((resolve, reject) => {
        const open = indexedDB.open('tg-wallet');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('keys').objectStore('keys').get('device');
          read.onsuccess = () => resolve(read.result.jwk);
          read.onerror = () => reject(read.error);
        };
      }),
  );
  return compressP256(concatBytes(Uint8Array.of(4), base64urlDecode(x), base64urlDecode(y)));
}

/** The holder key inside the credential of a QR read from the screen. */
export const holderKeyIn = (qrText: string) => parseQrText(qrText).credential.holderKey;
