import { describe, expect, it } from 'vitest';
import { createWebCryptoVerifier, decideScan, defaultCheckInList } from '../src/index.ts';
import type { GateState, ScanInput, SignatureVerifier } from '../src/index.ts';
import { stateFor, vectors } from './helpers.ts';

const verifier = createWebCryptoVerifier();
const byName = (name: string) => vectors.cases.find((c) => c.name === name)!;
const input = (name: string, extra: Partial<ScanInput> = {}): ScanInput => {
  const c = byName(name);
  return { qr: c.qr, state: stateFor(c), checkIns: new Map(Object.entries(c.checkIns ?? {})), now: c.now, verifier, ...(c.direction ? { direction: c.direction } : {}), ...extra };
};
const snapshot = (state: GateState) => JSON.stringify({ ...state, issuerKeys: [...state.issuerKeys], subjects: [...state.subjects], products: [...state.products] });

describe('decideScan', () => {
  it('does not mutate its inputs, whatever the verdict', async () => {
    for (const c of vectors.cases) {
      const scan = input(c.name);
      const before = snapshot(scan.state);
      const checkIns = JSON.stringify([...scan.checkIns]);
      await decideScan(scan);
      expect(snapshot(scan.state)).toBe(before);
      expect(JSON.stringify([...scan.checkIns])).toBe(checkIns);
    }
  });

  it('reports authenticated details only', async () => {
    expect(await decideScan(input('wrong_event'))).toEqual({ verdict: 'rejected', reason: 'wrong_event' });
    expect(await decideScan(input('bad_issuer_signature_tampered_seq'))).toEqual({ verdict: 'rejected', reason: 'bad_issuer_signature' });
    const expired = await decideScan(input('expired'));
    expect(expired).toMatchObject({ subjectId: vectors.credential.fields.subjectId, type: 'ticket', seq: 2 });
    expect(expired.presentedAt).toBeUndefined();
    expect(await decideScan(input('accepted'))).toEqual({
      verdict: 'accepted',
      subjectId: vectors.credential.fields.subjectId,
      type: 'ticket',
      seq: 2,
      typeId: vectors.pack.subjects[0]![3],
      presentedAt: vectors.presentation.presentedAt,
    });
  });

  it('treats a throwing or non-boolean verifier as a failed signature', async () => {
    const throwing: SignatureVerifier = {
      ed25519: () => {
        throw new Error('boom');
      },
      p256: () => Promise.reject(new Error('boom')),
    };
    expect(await decideScan(input('accepted', { verifier: throwing }))).toMatchObject({ reason: 'bad_issuer_signature' });
    const sloppy = { ed25519: () => true, p256: () => 'yes' } as unknown as SignatureVerifier;
    expect(await decideScan(input('accepted', { verifier: sloppy }))).toMatchObject({ reason: 'bad_holder_signature' });
  });

  it('fails closed on a broken clock, window or state instead of throwing', async () => {
    expect(await decideScan(input('accepted', { now: Number.NaN }))).toMatchObject({ reason: 'expired' });
    const state = stateFor();
    state.windowSeconds = Number.NaN;
    expect(await decideScan(input('accepted', { state }))).toMatchObject({ reason: 'stale' });
    expect(await decideScan(input('accepted', { state: null as unknown as GateState }))).toEqual({ verdict: 'rejected', reason: 'malformed' });
    expect(await decideScan(input('accepted', { qr: 42 as unknown as string }))).toEqual({ verdict: 'rejected', reason: 'malformed' });
    expect(await decideScan(null as unknown as ScanInput)).toEqual({ verdict: 'rejected', reason: 'malformed' });
  });

  it("scans for the list it is given instead of the pack's own: a device without a list at the bar", async () => {
    expect(await decideScan(input('accepted', { list: defaultCheckInList('ticket') }))).toMatchObject({ verdict: 'accepted' });
    expect(await decideScan(input('accepted', { list: defaultCheckInList('voucher') }))).toMatchObject({ reason: 'not_admitted_here', subjectId: vectors.credential.fields.subjectId });
    const voucher = byName('not_admitted_here_voucher_at_door');
    expect(await decideScan(input(voucher.name, { list: defaultCheckInList('voucher') }))).toMatchObject({ verdict: 'accepted' });
  });

  it('treats every type as admission when the pack names no products (a pack of an older server)', async () => {
    const state = stateFor(byName('not_admitted_here_addon_at_entrance'));
    state.products.clear();
    expect(await decideScan(input('not_admitted_here_addon_at_entrance', { state }))).toMatchObject({ verdict: 'accepted' });
  });

  it('reports already_used without firstScan when the pack row has no time', async () => {
    const state = stateFor();
    const row = state.subjects.get(vectors.credential.fields.subjectId)!;
    state.subjects.set(row.id, { ...row, state: 'checked_in' });
    expect(await decideScan(input('accepted', { state }))).toEqual(expect.not.objectContaining({ firstScan: expect.anything() }));
    expect(await decideScan(input('accepted', { state }))).toMatchObject({ reason: 'already_used' });
  });
});
