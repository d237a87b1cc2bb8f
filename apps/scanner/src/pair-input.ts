/** A gate device token: base64url characters (the server makes `tgg_` and 43 of them). */
const tokenShape = /^[A-Za-z0-9_-]{20,}$/;
const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface PairEntry {
  token: string;
  /** The host of a link made for another address than this scanner's: its token may be that server's. */
  otherHost?: string;
}

/**
 * What staff entered to pair: the dashboard's link `PUBLIC_URL/scanner/pair#<token>` (pasted, or read
 * from its QR code), or the token alone. Spaces are dropped, as a link wrapped in a chat message gets
 * them. Anything else is undefined: neither a pairing link nor a token.
 */
export function readPairEntry(text: string): PairEntry | undefined {
  const entered = text.replace(/\s+/g, '');
  if (!entered.includes('/') && !entered.includes('#')) return tokenShape.test(entered) ? { token: entered } : undefined;
  try {
    const link = new URL(hasScheme.test(entered) || entered.startsWith('/') ? entered : `${location.protocol}//${entered}`, location.href);
    const token = decodeURIComponent(link.hash.slice(1));
    if (!link.pathname.replace(/\/+$/, '').endsWith('/pair') || !tokenShape.test(token)) return undefined;
    return link.origin === location.origin ? { token } : { token, otherHost: link.host };
  } catch {
    // Not a URL, or a broken %-escape in the token.
    return undefined;
  }
}
