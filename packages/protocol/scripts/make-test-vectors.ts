/**
 * Writes packages/protocol/test-vectors.json:  npx tsx packages/protocol/scripts/make-test-vectors.ts
 *
 * The output is deterministic; a test rebuilds it and compares it with the committed file byte for
 * byte, so the JSON can never drift from this script. Layout: see ../README.md.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CAMPAIGN,
  EVENT_ID,
  NOT_AFTER,
  NOW,
  PARKING_TYPE,
  TICKET_TYPE,
  VIP_TYPE,
  b64u,
  hex,
  holder,
  holderSigningInput,
  issuer,
  makeCredential,
  makePresentation,
  otherHolder,
  otherIssuer,
  qrFor,
  qrOf,
  subject,
} from './vector-parts.ts';
import type { CredentialSpec, PresentationSpec } from './vector-parts.ts';

export type VectorCheckIns = Record<string, { scannedAt: string; gate: string; direction?: 'in' | 'out' }>;

export interface VectorCase {
  name: string;
  description: string;
  qr: string;
  now: number;
  /** Replaces the top-level pack for this case only. */
  pack?: object;
  checkIns?: VectorCheckIns;
  /** `out` for an exit scan; absent means `in`. */
  direction?: 'in' | 'out';
  expected: {
    verdict: 'accepted' | 'rejected';
    reason?: string;
    unknownInPack?: boolean;
    subjectId?: string;
    seq?: number;
    firstScan?: { scannedAt: string; gate: string };
  };
}

const mainCredentialSpec: CredentialSpec = { subjectId: subject.valid, seq: 2 };
const mainCredential = makeCredential(mainCredentialSpec);
const mainPresentedAt = NOW - 3;
const mainPresentation = makePresentation(mainCredential, { presentedAt: mainPresentedAt });
const mainQr = qrOf(mainPresentation);
const mainBody = mainQr.slice(4);

const pack = {
  format: 'tg-gate-pack/1',
  eventId: EVENT_ID,
  generatedAt: '2026-11-29T18:00:00Z',
  cursor: 'c-000042',
  windowSeconds: 15,
  issuerKeys: [{ kid: b64u(issuer.kid), publicKey: b64u(issuer.publicKey) }],
  subjects: [
    [subject.valid, 2, 'valid', TICKET_TYPE],
    [subject.checkedIn, 1, 'checked_in', TICKET_TYPE, '2026-11-29T19:01:02Z', 'gate-north'],
    [subject.revoked, 1, 'revoked', TICKET_TYPE],
    [subject.superseded, 3, 'valid', TICKET_TYPE],
    [subject.supersededRevoked, 2, 'revoked', TICKET_TYPE],
    [subject.lowerSeqInPack, 1, 'valid', TICKET_TYPE],
    [subject.localCheckIn, 1, 'valid', TICKET_TYPE],
    [subject.voucher, 1, 'valid', CAMPAIGN],
    [subject.vip, 1, 'valid', VIP_TYPE],
    [subject.parking, 1, 'valid', PARKING_TYPE],
    [subject.checkedOut, 1, 'checked_out', TICKET_TYPE, '2026-11-29T19:30:00Z', 'exit-east'],
  ],
  checkInList: { id: 'd1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a', name: 'Main entrance', ticketTypeIds: null, allowReentry: false },
  ticketTypes: [
    { id: TICKET_TYPE, name: 'Weekend', kind: 'admission', lists: ['Main entrance'] },
    { id: VIP_TYPE, name: 'VIP weekend', kind: 'admission', lists: ['Main entrance', 'VIP area'] },
    { id: PARKING_TYPE, name: 'Parking', kind: 'addon', lists: ['Car park P1'] },
    { id: CAMPAIGN, name: 'Free drink', kind: 'voucher', lists: ['Bar'] },
  ],
};

/** The same event seen from other check-in lists: the pack's rows carry each subject's state on that list. */
const listPack = (checkInList: object, subjects: unknown[][] = pack.subjects) => ({ ...pack, checkInList, subjects });
const vipPack = listPack({ id: 'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b', name: 'VIP area', ticketTypeIds: [VIP_TYPE], allowReentry: false });
const barPack = listPack({ id: 'f3a4b5c6-d7e8-4f9a-8b1c-2d3e4f5a6b7c', name: 'Bar', ticketTypeIds: null, allowReentry: false, mode: 'voucher' });
const reentryPack = listPack({ ...pack.checkInList, allowReentry: true });

const fresh: PresentationSpec = { presentedAt: NOW - 3 };
const accept = (extra: Partial<VectorCase['expected']> = {}) => ({ verdict: 'accepted' as const, ...extra });
const rejectFor = (reason: string, extra: Partial<VectorCase['expected']> = {}) => ({
  verdict: 'rejected' as const,
  reason,
  ...extra,
});
const localCheckIn = { scannedAt: '2026-11-29T19:45:00Z', gate: 'gate-south' };
const packEntry = { scannedAt: '2026-11-29T19:01:02Z', gate: 'gate-north' };
const packExit = { scannedAt: '2026-11-29T19:30:00Z', gate: 'exit-east' };

function buildCases(): VectorCase[] {
  const v = (name: string, description: string, qr: string, expected: VectorCase['expected'], extra: Partial<VectorCase> = {}): VectorCase =>
    ({ name, description, qr, now: NOW, ...extra, expected });
  const flipFirstSignatureBit = (b: Buffer) => {
    b[62]! ^= 0x01;
  };
  return [
    v('accepted', 'valid ticket, fresh presentation', mainQr, accept({ subjectId: subject.valid, seq: 2 })),
    v('accepted_keyboard_wedge', 'surrounding spaces and CR/LF from a keyboard wedge are trimmed', `  ${mainQr}\r\n`, accept()),
    v('accepted_high_s', 'holder signature with s > n/2 (WebCrypto does not normalise S)',
      qrFor(mainCredentialSpec, { ...fresh, highS: true }), accept()),
    v('accepted_unknown_in_pack', 'issued after the pack was made', qrFor({ subjectId: subject.notInPack, seq: 1 }, fresh),
      accept({ unknownInPack: true, subjectId: subject.notInPack, seq: 1 })),
    v('accepted_higher_seq', 'rebound after the pack was made: seq 2 > pack seq 1',
      qrFor({ subjectId: subject.lowerSeqInPack, seq: 2 }, fresh), accept({ seq: 2 })),
    v('accepted_voucher', 'voucher credential (type 0x02) at a voucher list', qrFor({ type: 0x02, subjectId: subject.voucher, seq: 1 }, fresh), accept(),
      { pack: barPack }),
    v('accepted_window_edge_past', '|now - presentedAt| = W exactly', qrFor(mainCredentialSpec, { presentedAt: NOW - 15 }), accept()),
    v('accepted_window_edge_future', 'presentedAt = now + W exactly', qrFor(mainCredentialSpec, { presentedAt: NOW + 15 }), accept()),
    v('accepted_at_not_after', 'now = notAfter is not yet expired',
      qrFor(mainCredentialSpec, { presentedAt: NOT_AFTER - 2 }), accept(), { now: NOT_AFTER }),
    v('accepted_window_from_pack', 'windowSeconds comes from the pack: 30 admits a 20 s old code',
      qrFor(mainCredentialSpec, { presentedAt: NOW - 20 }), accept(), { pack: { ...pack, windowSeconds: 30 } }),
    v('malformed_empty', 'empty text', '', rejectFor('malformed')),
    v('malformed_no_prefix', 'Base45 without TG1:', mainBody, rejectFor('malformed')),
    v('malformed_lowercase_prefix', 'prefix is case-sensitive', `tg1:${mainBody}`, rejectFor('malformed')),
    v('malformed_bad_base45_character', 'lowercase letter inside the Base45', `TG1:${mainBody.slice(0, 10)}a${mainBody.slice(11)}`, rejectFor('malformed')),
    v('malformed_base45_overflow', 'last triple ":::" = 91124 > 65535', `TG1:${mainBody.slice(0, -3)}:::`, rejectFor('malformed')),
    v('malformed_truncated', 'one Base45 triple short (192 bytes)', mainQr.slice(0, -3), rejectFor('malformed')),
    v('malformed_extended', 'one Base45 triple too many (196 bytes)', `${mainQr}000`, rejectFor('malformed')),
    v('malformed_unknown_type', 'type byte 0x03, correctly signed by issuer and holder',
      qrFor({ type: 0x03, subjectId: subject.valid, seq: 2 }, fresh), rejectFor('malformed')),
    v('wrong_event', 'credential from another event\'s issuer key',
      qrFor({ subjectId: subject.valid, seq: 2, kid: otherIssuer.kid, signer: otherIssuer }, fresh), rejectFor('wrong_event')),
    v('bad_issuer_signature_flipped_bit', 'one bit of the Ed25519 signature flipped; holder signature valid',
      qrFor({ ...mainCredentialSpec, tamper: flipFirstSignatureBit }, fresh), rejectFor('bad_issuer_signature')),
    v('bad_issuer_signature_tampered_seq', 'seq raised from 2 to 3 after issuing',
      qrFor({ ...mainCredentialSpec, tamper: (b) => b.writeUInt32BE(3, 21) }, fresh), rejectFor('bad_issuer_signature')),
    v('bad_issuer_signature_other_key', 'our kid but signed by another issuer key',
      qrFor({ ...mainCredentialSpec, signer: otherIssuer }, fresh), rejectFor('bad_issuer_signature')),
    v('expired', 'notAfter = now - 1', qrFor({ ...mainCredentialSpec, notAfter: NOW - 1 }, fresh), rejectFor('expired')),
    v('expired_before_bad_holder_signature', 'expired and signed by the wrong holder key: expired comes first',
      qrFor({ ...mainCredentialSpec, notAfter: NOW - 1 }, { ...fresh, signerKey: otherHolder }), rejectFor('expired')),
    v('bad_holder_signature_other_key', 'presentation signed by a key other than the credential\'s holder key',
      qrFor(mainCredentialSpec, { ...fresh, signerKey: otherHolder }), rejectFor('bad_holder_signature')),
    v('bad_holder_signature_tampered_presented_at', 'presentedAt changed after signing (a replayed old code)',
      qrFor(mainCredentialSpec, { presentedAt: NOW - 600, claimedAt: NOW - 1 }), rejectFor('bad_holder_signature')),
    v('bad_holder_signature_before_stale', 'wrong holder key and an hour old: the signature comes first',
      qrFor(mainCredentialSpec, { presentedAt: NOW - 3600, signerKey: otherHolder }), rejectFor('bad_holder_signature')),
    v('stale_past', 'presentedAt = now - W - 1', qrFor(mainCredentialSpec, { presentedAt: NOW - 16 }), rejectFor('stale')),
    v('stale_future', 'presentedAt = now + W + 1', qrFor(mainCredentialSpec, { presentedAt: NOW + 16 }), rejectFor('stale')),
    v('stale_screenshot', 'an hour-old screenshot', qrFor(mainCredentialSpec, { presentedAt: NOW - 3600 }), rejectFor('stale')),
    v('stale_before_revoked', 'stale code of a revoked ticket: stale comes first',
      qrFor({ subjectId: subject.revoked, seq: 1 }, { presentedAt: NOW - 60 }), rejectFor('stale')),
    v('not_admitted_here_voucher_at_door', 'a voucher shown at a ticket list is sent to the bar, never malformed',
      qrFor({ type: 0x02, subjectId: subject.voucher, seq: 1 }, fresh), rejectFor('not_admitted_here')),
    v('not_admitted_here_ticket_at_bar', 'a ticket shown at a voucher list', qrFor(mainCredentialSpec, fresh), rejectFor('not_admitted_here'),
      { pack: barPack }),
    v('not_admitted_here_addon_at_entrance', 'the default list (ticketTypeIds null) admits admission types only, not the parking pass',
      qrFor({ subjectId: subject.parking, seq: 1 }, fresh), rejectFor('not_admitted_here')),
    v('not_admitted_here_type_not_on_list', 'a weekend ticket at the VIP area, which admits VIP tickets only',
      qrFor(mainCredentialSpec, fresh), rejectFor('not_admitted_here'), { pack: vipPack }),
    v('accepted_type_on_list', 'a VIP ticket at the VIP area', qrFor({ subjectId: subject.vip, seq: 1 }, fresh), accept(), { pack: vipPack }),
    v('accepted_vip_at_entrance', 'a VIP ticket is an admission type: the main entrance admits it too',
      qrFor({ subjectId: subject.vip, seq: 1 }, fresh), accept()),
    v('not_admitted_here_unknown_at_partial_list', 'absent from the pack at a list of some types: its type cannot be shown to be on the list',
      qrFor({ subjectId: subject.notInPack, seq: 1 }, fresh), rejectFor('not_admitted_here'), { pack: vipPack }),
    v('stale_before_not_admitted_here', 'a stale voucher at a door: stale comes first',
      qrFor({ type: 0x02, subjectId: subject.voucher, seq: 1 }, { presentedAt: NOW - 60 }), rejectFor('stale')),
    v('not_admitted_here_before_superseded', 'a superseded weekend ticket at the VIP area: not_admitted_here comes first',
      qrFor({ subjectId: subject.superseded, seq: 2 }, fresh), rejectFor('not_admitted_here'), { pack: vipPack }),
    v('not_admitted_here_before_revoked', 'a revoked weekend ticket at the VIP area: not_admitted_here comes first',
      qrFor({ subjectId: subject.revoked, seq: 1 }, fresh), rejectFor('not_admitted_here'), { pack: vipPack }),
    v('superseded', 'seq 2 while the pack has seq 3', qrFor({ subjectId: subject.superseded, seq: 2 }, fresh), rejectFor('superseded')),
    v('superseded_before_revoked', 'seq 1 while the pack has seq 2 and revoked',
      qrFor({ subjectId: subject.supersededRevoked, seq: 1 }, fresh), rejectFor('superseded')),
    v('revoked', 'pack marks the ticket revoked', qrFor({ subjectId: subject.revoked, seq: 1 }, fresh), rejectFor('revoked')),
    v('revoked_before_already_used', 'revoked and also in the local check-ins: revoked comes first',
      qrFor({ subjectId: subject.revoked, seq: 1 }, fresh), rejectFor('revoked'), { checkIns: { [subject.revoked]: localCheckIn } }),
    v('already_used_pack', 'pack row checked_in', qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh),
      rejectFor('already_used', { firstScan: { scannedAt: '2026-11-29T19:01:02Z', gate: 'gate-north' } })),
    v('already_used_local', 'checked in by this verifier (or a synced peer)', qrFor({ subjectId: subject.localCheckIn, seq: 1 }, fresh),
      rejectFor('already_used', { firstScan: localCheckIn }), { checkIns: { [subject.localCheckIn]: localCheckIn } }),
    v('already_used_both_local_earlier', 'in the pack and locally: the earlier one is reported',
      qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh),
      rejectFor('already_used', { firstScan: { scannedAt: '2026-11-29T18:59:00Z', gate: 'gate-east' } }),
      { checkIns: { [subject.checkedIn]: { scannedAt: '2026-11-29T18:59:00Z', gate: 'gate-east' } } }),
    v('already_used_both_pack_earlier', 'in the pack and locally: the earlier one is reported',
      qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh),
      rejectFor('already_used', { firstScan: { scannedAt: '2026-11-29T19:01:02Z', gate: 'gate-north' } }),
      { checkIns: { [subject.checkedIn]: localCheckIn } }),
    v('already_used_voucher', 'voucher whose redemption limit was reached locally',
      qrFor({ type: 0x02, subjectId: subject.voucher, seq: 1 }, fresh),
      rejectFor('already_used', { firstScan: localCheckIn }), { pack: barPack, checkIns: { [subject.voucher]: localCheckIn } }),
    v('already_used_after_exit_without_reentry', 'came in and left through an exit: a list without allowReentry does not admit again; the exit is reported',
      qrFor({ subjectId: subject.checkedOut, seq: 1 }, fresh), rejectFor('already_used', { firstScan: packExit })),
    v('accepted_reentry_after_exit', 'checked_out on a list with allowReentry: admitted again',
      qrFor({ subjectId: subject.checkedOut, seq: 1 }, fresh), accept(), { pack: reentryPack }),
    v('already_used_inside_on_reentry_list', 'inside on a list with allowReentry: still one entry at a time',
      qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh), rejectFor('already_used', { firstScan: packEntry }), { pack: reentryPack }),
    v('accepted_reentry_after_local_exit', 'this verifier saw the subject leave (after its pack entry): admitted again on a re-entry list',
      qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh), accept(),
      { pack: reentryPack, checkIns: { [subject.checkedIn]: { ...localCheckIn, direction: 'out' } } }),
    v('already_used_local_entry_after_pack_exit', 'the pack says it left at 19:30, this verifier admitted it again at 19:45: inside',
      qrFor({ subjectId: subject.checkedOut, seq: 1 }, fresh), rejectFor('already_used', { firstScan: localCheckIn }),
      { pack: reentryPack, checkIns: { [subject.checkedOut]: localCheckIn } }),
    v('accepted_exit', 'an exit scan of a subject inside', qrFor({ subjectId: subject.checkedIn, seq: 1 }, fresh), accept(), { direction: 'out' }),
    v('accepted_exit_after_local_entry', 'an exit scan of a subject this verifier admitted',
      qrFor({ subjectId: subject.localCheckIn, seq: 1 }, fresh), accept(), { direction: 'out', checkIns: { [subject.localCheckIn]: localCheckIn } }),
    v('not_inside_never_entered', 'an exit scan of a subject that never came in on this list',
      qrFor(mainCredentialSpec, fresh), rejectFor('not_inside'), { direction: 'out' }),
    v('not_inside_after_exit', 'an exit scan of a subject that already left', qrFor({ subjectId: subject.checkedOut, seq: 1 }, fresh),
      rejectFor('not_inside'), { direction: 'out' }),
    v('revoked_before_not_inside', 'an exit scan runs steps 1-9 first', qrFor({ subjectId: subject.revoked, seq: 1 }, fresh),
      rejectFor('revoked'), { direction: 'out' }),
    v('not_admitted_here_at_exit', 'the parking pass at the main entrance\'s exit lane', qrFor({ subjectId: subject.parking, seq: 1 }, fresh),
      rejectFor('not_admitted_here'), { direction: 'out' }),
  ];
}

export function buildTestVectors() {
  const keyOf = (k: typeof issuer) => ({
    seedHex: hex(k.seed),
    publicKeyHex: hex(k.publicKey),
    publicKeyBase64url: b64u(k.publicKey),
    kidHex: hex(k.kid),
    kidBase64url: b64u(k.kid),
  });
  const holderOf = (k: typeof holder) => ({ privateJwk: k.jwk, publicKeyCompressedHex: hex(k.compressed) });
  return {
    description: 'Ticketguard wire protocol v1 test vectors; layout in README.md. Generated by scripts/make-test-vectors.ts.',
    keys: {
      issuer: keyOf(issuer),
      otherIssuer: keyOf(otherIssuer),
      holder: holderOf(holder),
      otherHolder: holderOf(otherHolder),
    },
    credential: {
      fields: {
        type: 'ticket',
        subjectId: subject.valid,
        kidHex: hex(issuer.kid),
        seq: 2,
        notAfter: NOT_AFTER,
        holderKeyHex: hex(holder.compressed),
      },
      signingInputHex: hex(Buffer.concat([Buffer.from('TG-CRED-v1'), mainCredential.subarray(0, 62)])),
      hex: hex(mainCredential),
      base64url: b64u(mainCredential),
    },
    presentation: {
      presentedAt: mainPresentedAt,
      signingInputHex: hex(holderSigningInput(mainCredential, mainPresentedAt)),
      hex: hex(mainPresentation),
      qr: mainQr,
    },
    now: NOW,
    pack,
    cases: buildCases(),
  };
}

export type TestVectors = ReturnType<typeof buildTestVectors>;

export const testVectorsPath = fileURLToPath(new URL('../test-vectors.json', import.meta.url));

export function serializeTestVectors(vectors: TestVectors): string {
  return JSON.stringify(vectors, null, 2) + '\n';
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(testVectorsPath, serializeTestVectors(buildTestVectors()));
  console.log(`wrote ${testVectorsPath}`);
}
