import { describe, expect, it } from 'vitest';
import { applyPackDelta, base64urlEncode, gateStateFromPack, hexDecode } from '../src/index.ts';
import { vectors } from './helpers.ts';

const pack = vectors.pack;
const [valid, checkedIn] = pack.subjects as [unknown[], unknown[]];
const delta = (extra: object) => ({ ...pack, cursor: 'c-000043', generatedAt: '2026-11-29T18:05:00Z', issuerKeys: [], subjects: [], ...extra });

describe('gate pack', () => {
  it('builds the verifier state', () => {
    const state = gateStateFromPack(pack);
    expect(state).toMatchObject({ eventId: pack.eventId, cursor: pack.cursor, windowSeconds: 15 });
    expect(state.issuerKeys.get(vectors.keys.issuer.kidBase64url)).toEqual(hexDecode(vectors.keys.issuer.publicKeyHex));
    expect(state.subjects.size).toBe(pack.subjects.length);
    expect(state.subjects.get(checkedIn[0] as string)).toEqual({
      id: checkedIn[0],
      seq: 1,
      state: 'checked_in',
      typeId: checkedIn[3],
      checkedInAt: checkedIn[4],
      gate: checkedIn[5],
    });
  });

  it('keeps the check-in list and the products the pack names, and the default list when it names none', () => {
    const state = gateStateFromPack(pack);
    expect(state.checkInList).toEqual({ ...pack.checkInList, mode: 'ticket' });
    expect(state.products.get(pack.ticketTypes[2]!.id)).toEqual(pack.ticketTypes[2]);
    const { checkInList: _list, ticketTypes: _types, ...bare } = pack;
    const old = gateStateFromPack(bare);
    expect(old.checkInList).toEqual({ id: '', name: '', ticketTypeIds: null, allowReentry: false, mode: 'ticket' });
    expect(old.products.size).toBe(0);
  });

  it('takes the list and the products of a delta that names them', () => {
    const state = gateStateFromPack(pack);
    const vip = { id: 'x', name: 'VIP area', ticketTypeIds: ['AB'], allowReentry: true, mode: 'ticket' };
    applyPackDelta(state, delta({ checkInList: vip, ticketTypes: [{ id: 'ab', name: 'VIP', kind: 'admission', lists: ['VIP area'] }] }));
    expect(state.checkInList).toEqual({ ...vip, ticketTypeIds: ['ab'] });
    expect([...state.products.keys()]).toEqual(['ab']);
    applyPackDelta(state, delta({ checkInList: undefined, ticketTypes: undefined }));
    expect(state.checkInList.name).toBe('VIP area');
    expect(state.products.size).toBe(1);
  });

  it('normalises ids to lowercase and keeps the highest seq of duplicate rows', () => {
    const id = (valid[0] as string).toUpperCase();
    const state = gateStateFromPack({ ...pack, subjects: [[id, 5, 'valid', 't'], [id, 4, 'revoked', 't'], [id, 5, 'checked_in', 't', null, 'g']] });
    expect(state.subjects.get(id.toLowerCase())).toEqual({ id: id.toLowerCase(), seq: 5, state: 'checked_in', typeId: 't', gate: 'g' });
  });

  it.each([
    ['not an object', []],
    ['wrong format', { ...pack, format: 'tg-gate-pack/2' }],
    ['bad event id', { ...pack, eventId: 'x' }],
    ['negative window', { ...pack, windowSeconds: -1 }],
    ['kid of 3 bytes', { ...pack, issuerKeys: [{ kid: 'AAAA', publicKey: vectors.keys.issuer.publicKeyBase64url }] }],
    ['non-canonical kid', { ...pack, issuerKeys: [{ kid: 'A_VyAh', publicKey: vectors.keys.issuer.publicKeyBase64url }] }],
    ['public key of 31 bytes', { ...pack, issuerKeys: [{ kid: 'A_VyAg', publicKey: base64urlEncode(new Uint8Array(31)) }] }],
    ['short row', { ...pack, subjects: [[valid[0], 1, 'valid']] }],
    ['long row', { ...pack, subjects: [[...checkedIn, 'extra']] }],
    ['unknown state', { ...pack, subjects: [[valid[0], 1, 'used', 't']] }],
    ['fractional seq', { ...pack, subjects: [[valid[0], 1.5, 'valid', 't']] }],
    ['bad timestamp', { ...pack, subjects: [[valid[0], 1, 'checked_in', 't', 'yesterday', 'g']] }],
    ['subjects missing', { ...pack, subjects: undefined }],
    ['a list without allowReentry', { ...pack, checkInList: { id: 'x', name: 'x', ticketTypeIds: null } }],
    ['a list of type ids that are not strings', { ...pack, checkInList: { ...pack.checkInList, ticketTypeIds: [1] } }],
    ['a list of an unknown mode', { ...pack, checkInList: { ...pack.checkInList, mode: 'bar' } }],
    ['a product of an unknown kind', { ...pack, ticketTypes: [{ id: 'x', name: 'x', kind: 'ticket', lists: [] }] }],
  ])('rejects a pack with %s', (_name, bad) => {
    expect(() => gateStateFromPack(bad)).toThrow(expect.objectContaining({ code: 'bad_pack' }));
  });

  it('applies a delta in place: rows replace rows, seq never goes down, keys are added', () => {
    const state = gateStateFromPack(pack);
    const newKey = { kid: 'AAAAAA', publicKey: base64urlEncode(new Uint8Array(32).fill(7)) };
    const result = applyPackDelta(
      state,
      delta({
        windowSeconds: 20,
        issuerKeys: [newKey],
        subjects: [
          [valid[0], 2, 'checked_in', valid[3], '2026-11-29T18:04:00Z', 'gate-west'],
          [checkedIn[0], 0, 'valid', checkedIn[3]],
          ['99999999-9999-4999-8999-999999999999', 1, 'valid', 't'],
        ],
      }),
    );
    expect(result).toBe(state);
    expect(state).toMatchObject({ cursor: 'c-000043', generatedAt: '2026-11-29T18:05:00Z', windowSeconds: 20 });
    expect(state.issuerKeys.size).toBe(2);
    expect(state.subjects.get(valid[0] as string)).toMatchObject({ state: 'checked_in', gate: 'gate-west' });
    expect(state.subjects.get(checkedIn[0] as string)).toMatchObject({ seq: 1, state: 'checked_in' });
    expect(state.subjects.size).toBe(pack.subjects.length + 1);
  });

  it('leaves the state untouched when a delta is malformed or for another event', () => {
    const state = gateStateFromPack(pack);
    const good = [valid[0], 9, 'revoked', valid[3]];
    expect(() => applyPackDelta(state, delta({ subjects: [good, ['bad']] }))).toThrow();
    expect(() => applyPackDelta(state, delta({ eventId: '00000000-0000-4000-8000-000000000000', subjects: [good] }))).toThrow(/another event/);
    expect(state.subjects.get(valid[0] as string)).toMatchObject({ seq: 2, state: 'valid' });
    expect(state.cursor).toBe(pack.cursor);
  });
});
