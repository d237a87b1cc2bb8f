import { base64urlDecode, createPresentation, presentationToQrText } from '@ticketguard/protocol';
import type { CryptoKey } from 'jose';

/** The rotating QR as the wallet makes it: the credential plus `presentedAt`, signed by the phone's key. */
export async function qrFor(credential: string, holderKey: CryptoKey, presentedAt: Date) {
  const bytes = await createPresentation(base64urlDecode(credential), holderKey as unknown as globalThis.CryptoKey, Math.floor(presentedAt.getTime() / 1000));
  return presentationToQrText(bytes);
}

/** The same credential with one byte changed at `offset`, as a forger would try. */
export function tamper(credential: string, offset: number) {
  const bytes = base64urlDecode(credential);
  bytes[offset]! ^= 0x01;
  return Buffer.from(bytes).toString('base64url');
}
