/** Crockford base32 without the look-alikes (no I, L, O, U): what a visitor reads out at a help desk. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ticket's short reference, e.g. "K7PQ2-MXD9A": 50 bits of its id in ten characters, printed on the
 * wallet's ticket screen and looked up by the organizer's help desk. The same function as migration
 * 0019's backfill, so that the stored reference is always this.
 */
export function ticketRef(ticketId: string) {
  let bits = BigInt(`0x${ticketId.replaceAll('-', '').slice(0, 13)}`) >> 2n;
  let chars = '';
  for (let i = 0; i < 10; i += 1) {
    chars = alphabet[Number(bits & 31n)] + chars;
    bits >>= 5n;
  }
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

/** A reference as typed at a desk: lower case, spaces, O for 0 and I or L for 1 are forgiven. */
export const normalizedRef = (typed: string) => {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return plain.length === 10 ? `${plain.slice(0, 5)}-${plain.slice(5)}` : undefined;
};
