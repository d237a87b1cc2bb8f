/**
 * THE scan decision of PROTOCOL.md section 4, shared by the server (re-verification at upload) and
 * the scanner app (offline), so both can never disagree on a verdict.
 */
import { base64urlEncode } from './bytes.ts';
import { CREDENTIAL_BODY_LENGTH, credentialSigningInput } from './credential.ts';
import type { CredentialType } from './credential.ts';
import type { GateState, PackSubject } from './gate-pack.ts';
import { parseQrText, presentationSigningInput } from './presentation.ts';
import type { ParsedPresentation } from './presentation.ts';
import type { ScanReason, Verdict } from './reasons.ts';
import type { SignatureVerifier } from './signature-verifier.ts';

export interface CheckIn {
  /** ISO 8601 UTC */
  scannedAt: string;
  gate: string;
}

export interface ScanInput {
  qr: string;
  state: GateState;
  /** This verifier's own (and synced peers') check-ins, keyed by lowercase subject UUID. */
  checkIns: ReadonlyMap<string, CheckIn>;
  /** Unix seconds on the verifier's server-corrected clock. */
  now: number;
  verifier: SignatureVerifier;
  /** A gate that admits only one type treats the other as an unknown type, i.e. malformed. */
  expectType?: CredentialType;
}

/**
 * Fields beyond verdict/reason appear only once authenticated: subject, type and seq after the issuer
 * signature checks out, presentedAt after the holder signature does. An unauthenticated id in a log
 * would let a forger frame any ticket.
 */
export interface ScanDecision {
  verdict: Verdict;
  reason?: ScanReason;
  subjectId?: string;
  type?: CredentialType;
  seq?: number;
  /** From the pack row, when the pack knows the subject. */
  typeId?: string;
  presentedAt?: number;
  /** Accepted although the pack does not know the subject (issued after the pack was made). */
  unknownInPack?: boolean;
  /**
   * With `already_used`: the earliest check-in known (pack row or `checkIns`), absent when neither has
   * a time; `gate` is '' when the pack row gives a time but no gate.
   */
  firstScan?: CheckIn;
}

type ScanDetails = Omit<ScanDecision, 'verdict' | 'reason'>;

function reject(reason: ScanReason, known: ScanDetails = {}): ScanDecision {
  return { verdict: 'rejected', reason, ...known };
}

async function verifies(check: () => Promise<boolean> | boolean): Promise<boolean> {
  try {
    return (await check()) === true;
  } catch {
    return false; // an injected verifier that throws has not vouched for anything
  }
}

/** Earliest of the pack's check-in and the local one; unparsable times lose, ties go to the pack. */
function firstScanOf(row: PackSubject | undefined, local: CheckIn | undefined): CheckIn | undefined {
  const fromPack = row?.checkedInAt !== undefined ? { scannedAt: row.checkedInAt, gate: row.gate ?? '' } : undefined;
  if (!fromPack || !local) return fromPack ?? (local ? { scannedAt: local.scannedAt, gate: local.gate } : undefined);
  const packTime = Date.parse(fromPack.scannedAt);
  const localTime = Date.parse(local.scannedAt);
  if (Number.isNaN(localTime)) return fromPack;
  if (Number.isNaN(packTime) || localTime < packTime) return { scannedAt: local.scannedAt, gate: local.gate };
  return fromPack;
}

async function decide(input: ScanInput): Promise<ScanDecision> {
  const { state, verifier, now } = input;

  // 1. malformed
  if (typeof input.qr !== 'string') return reject('malformed');
  let presentation: ParsedPresentation;
  try {
    presentation = parseQrText(input.qr);
  } catch {
    return reject('malformed');
  }
  const credential = presentation.credential;
  if (input.expectType !== undefined && credential.type !== input.expectType) return reject('malformed');

  // 2. wrong_event
  const issuerKey = state.issuerKeys.get(base64urlEncode(credential.kid));
  if (issuerKey === undefined) return reject('wrong_event');

  // 3. bad_issuer_signature
  const credentialInput = credentialSigningInput(credential.bytes.subarray(0, CREDENTIAL_BODY_LENGTH));
  if (!(await verifies(() => verifier.ed25519(issuerKey, credentialInput, credential.signature)))) {
    return reject('bad_issuer_signature');
  }
  const known: ScanDetails = {
    subjectId: credential.subjectId,
    type: credential.type,
    seq: credential.seq,
  };
  const row = state.subjects.get(credential.subjectId);
  if (row !== undefined) known.typeId = row.typeId;

  // 4. expired. Comparisons are written so that NaN (a broken clock) fails closed.
  if (!(now <= credential.notAfter)) return reject('expired', known);

  // 5. bad_holder_signature
  const presentationInput = presentationSigningInput(presentation.signedPart);
  const holderKey = credential.holderKey;
  if (!(await verifies(() => verifier.p256(holderKey, presentationInput, presentation.holderSignature)))) {
    return reject('bad_holder_signature', known);
  }
  known.presentedAt = presentation.presentedAt;

  // 6. stale
  if (!(Math.abs(now - presentation.presentedAt) <= state.windowSeconds)) return reject('stale', known);

  // 7-9: what the pack and the check-ins know about the subject
  if (row !== undefined && row.seq > credential.seq) return reject('superseded', known);
  if (row?.state === 'revoked') return reject('revoked', known);
  const local = input.checkIns.get(credential.subjectId);
  if (row?.state === 'checked_in' || local !== undefined) {
    const firstScan = firstScanOf(row?.state === 'checked_in' ? row : undefined, local);
    return reject('already_used', firstScan ? { ...known, firstScan } : known);
  }

  // 10. accepted; a seq above the pack's is fine (rebound after the pack was made)
  return { verdict: 'accepted', ...known, ...(row === undefined ? { unknownInPack: true } : {}) };
}

/**
 * Never throws and never mutates its input: every failure, including a broken argument, is a
 * rejection. The caller records the check-in (and a higher seq) after an `accepted`.
 */
export async function decideScan(input: ScanInput): Promise<ScanDecision> {
  try {
    return await decide(input);
  } catch {
    return reject('malformed');
  }
}
