/** The gate pack of PROTOCOL.md section 5 and the verifier-side state built from it. */
import { base64urlDecode, base64urlEncode, isUint32, isUuid } from './bytes.ts';
import { MalformedError } from './malformed-error.ts';

export const GATE_PACK_FORMAT = 'tg-gate-pack/1';

/** On this pack's check-in list: `checked_in` is inside now, `checked_out` came in and left by an exit scan. */
export type SubjectState = 'valid' | 'revoked' | 'checked_in' | 'checked_out';
const subjectStates: readonly unknown[] = ['valid', 'revoked', 'checked_in', 'checked_out'];

export type ListMode = 'ticket' | 'voucher';

/**
 * The check-in list a verifier scans for (PROTOCOL.md section 5). `ticketTypeIds: null` admits every
 * admission ticket type (or, in voucher mode, every voucher campaign); otherwise only the types (or
 * campaigns) named. Example: a VIP area admits `["<VIP type>"]`, the car park `["<parking type>"]`.
 */
export interface CheckInList {
  id: string;
  name: string;
  ticketTypeIds: string[] | null;
  allowReentry: boolean;
  /** Not in PROTOCOL.md's example, which has ticket lists only; absent means `ticket`. */
  mode: ListMode;
}

/** The event's default list: every admission ticket, no re-entry; or, in voucher mode, every voucher. */
export const defaultCheckInList = (mode: ListMode = 'ticket'): CheckInList => ({ id: '', name: '', ticketTypeIds: null, allowReentry: false, mode });

export type ProductKind = 'admission' | 'addon' | 'voucher';

/** One of the event's products as the pack names it, so a scanner can say what a refused code is and where it belongs. */
export interface PackProduct {
  id: string;
  name: string;
  kind: ProductKind;
  /** Names of the event's check-in lists that admit it. */
  lists: string[];
}

/** `[id, seq, state, ticketTypeId (or campaign id for a voucher), checkedInAt?, gate?]` */
export type SubjectRow = [
  id: string,
  seq: number,
  state: SubjectState,
  typeId: string,
  checkedInAt?: string,
  gate?: string,
];

export interface GatePackIssuerKey {
  /** base64url of the 4-byte kid */
  kid: string;
  /** base64url of the raw 32-byte Ed25519 public key */
  publicKey: string;
}

export interface GatePack {
  format: typeof GATE_PACK_FORMAT;
  eventId: string;
  /** ISO 8601 UTC */
  generatedAt: string;
  /** Opaque; pass back as `?since=` for a delta. */
  cursor: string;
  windowSeconds: number;
  issuerKeys: GatePackIssuerKey[];
  subjects: SubjectRow[];
  checkInList?: CheckInList;
  ticketTypes?: PackProduct[];
}

/** A delta (`?since=cursor`) is the same document holding only the rows changed since the cursor. */
export type GatePackDelta = GatePack;

export interface PackSubject {
  /** Lowercase UUID. */
  id: string;
  seq: number;
  state: SubjectState;
  typeId: string;
  checkedInAt?: string;
  gate?: string;
}

export interface GateState {
  eventId: string;
  generatedAt: string;
  cursor: string;
  windowSeconds: number;
  /** Keyed by the kid in canonical unpadded base64url. */
  issuerKeys: Map<string, Uint8Array>;
  /** Keyed by lowercase subject UUID. */
  subjects: Map<string, PackSubject>;
  /** The list this pack was made for; the default ticket list when the pack names none. */
  checkInList: CheckInList;
  /** The event's products and voucher campaigns by lowercase id; empty when the pack names none. */
  products: Map<string, PackProduct>;
}

function fail(message: string): never {
  throw new MalformedError('bad_pack', `gate pack: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeFixed(text: unknown, length: number, what: string): Uint8Array {
  if (typeof text !== 'string') fail(`${what} must be a string`);
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(text);
  } catch {
    fail(`${what} is not base64url`);
  }
  if (bytes.length !== length) fail(`${what} must be ${length} bytes`);
  return bytes;
}

function optionalTimestamp(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(`${where}: checkedInAt is not a timestamp`);
  return value;
}

function parseRow(row: unknown, index: number): PackSubject {
  const where = `subjects[${index}]`;
  if (!Array.isArray(row) || row.length < 4 || row.length > 6) fail(`${where} must be an array of 4 to 6 items`);
  const [id, seq, state, typeId, checkedInAt, gate] = row as unknown[];
  if (!isUuid(id)) fail(`${where}: id is not a UUID`);
  if (!isUint32(seq)) fail(`${where}: seq is not a uint32`);
  if (!subjectStates.includes(state)) fail(`${where}: unknown state`);
  if (typeof typeId !== 'string') fail(`${where}: typeId must be a string`);
  if (gate !== undefined && gate !== null && typeof gate !== 'string') fail(`${where}: gate must be a string`);
  const subject: PackSubject = { id: id.toLowerCase(), seq, state: state as SubjectState, typeId };
  const at = optionalTimestamp(checkedInAt, where);
  if (at !== undefined) subject.checkedInAt = at;
  if (typeof gate === 'string') subject.gate = gate;
  return subject;
}

interface ParsedPack {
  eventId: string;
  generatedAt: string;
  cursor: string;
  windowSeconds: number;
  issuerKeys: [string, Uint8Array][];
  subjects: PackSubject[];
  checkInList?: CheckInList;
  products?: PackProduct[];
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function parseList(list: unknown): CheckInList | undefined {
  if (list === undefined || list === null) return undefined;
  if (!isRecord(list)) fail('checkInList must be an object');
  if (typeof list.id !== 'string' || typeof list.name !== 'string') fail('checkInList needs an id and a name');
  if (list.ticketTypeIds !== null && !isStringArray(list.ticketTypeIds)) fail('checkInList.ticketTypeIds must be null or an array of ids');
  if (typeof list.allowReentry !== 'boolean') fail('checkInList.allowReentry must be a boolean');
  const mode = list.mode ?? 'ticket';
  if (mode !== 'ticket' && mode !== 'voucher') fail('checkInList.mode must be ticket or voucher');
  const ticketTypeIds = list.ticketTypeIds === null ? null : list.ticketTypeIds.map((id) => id.toLowerCase());
  return { id: list.id, name: list.name, ticketTypeIds, allowReentry: list.allowReentry, mode };
}

function parseProducts(products: unknown): PackProduct[] | undefined {
  if (products === undefined || products === null) return undefined;
  if (!Array.isArray(products)) fail('ticketTypes must be an array');
  return products.map((product: unknown, i) => {
    if (!isRecord(product) || typeof product.id !== 'string' || typeof product.name !== 'string') fail(`ticketTypes[${i}] needs an id and a name`);
    if (product.kind !== 'admission' && product.kind !== 'addon' && product.kind !== 'voucher') fail(`ticketTypes[${i}].kind is unknown`);
    const lists = product.lists ?? [];
    if (!isStringArray(lists)) fail(`ticketTypes[${i}].lists must be an array of names`);
    return { id: product.id.toLowerCase(), name: product.name, kind: product.kind, lists };
  });
}

/** Validates everything before anything is applied, so a bad delta leaves the state untouched. */
function parsePack(pack: unknown): ParsedPack {
  if (!isRecord(pack)) fail('not an object');
  if (pack.format !== GATE_PACK_FORMAT) fail(`format must be ${GATE_PACK_FORMAT}`);
  if (!isUuid(pack.eventId)) fail('eventId is not a UUID');
  if (typeof pack.generatedAt !== 'string') fail('generatedAt must be a string');
  if (typeof pack.cursor !== 'string') fail('cursor must be a string');
  if (!isUint32(pack.windowSeconds)) fail('windowSeconds must be a non-negative integer');
  if (!Array.isArray(pack.issuerKeys)) fail('issuerKeys must be an array');
  if (!Array.isArray(pack.subjects)) fail('subjects must be an array');
  const issuerKeys = pack.issuerKeys.map((entry: unknown, i): [string, Uint8Array] => {
    if (!isRecord(entry)) fail(`issuerKeys[${i}] must be an object`);
    const kid = decodeFixed(entry.kid, 4, `issuerKeys[${i}].kid`);
    return [base64urlEncode(kid), decodeFixed(entry.publicKey, 32, `issuerKeys[${i}].publicKey`)];
  });
  return {
    eventId: pack.eventId.toLowerCase(),
    generatedAt: pack.generatedAt,
    cursor: pack.cursor,
    windowSeconds: pack.windowSeconds,
    issuerKeys,
    subjects: pack.subjects.map(parseRow),
    checkInList: parseList(pack.checkInList),
    products: parseProducts(pack.ticketTypes),
  };
}

/** Rows replace rows, except that a row never lowers a subject's seq (a stale row loses). */
function mergeSubject(subjects: Map<string, PackSubject>, row: PackSubject): void {
  const current = subjects.get(row.id);
  if (current === undefined || row.seq >= current.seq) subjects.set(row.id, row);
}

/** Builds the verifier state from a full pack (parsed JSON); throws MalformedError `bad_pack`. */
export function gateStateFromPack(pack: unknown): GateState {
  const parsed = parsePack(pack);
  const subjects = new Map<string, PackSubject>();
  for (const row of parsed.subjects) mergeSubject(subjects, row);
  return {
    eventId: parsed.eventId,
    generatedAt: parsed.generatedAt,
    cursor: parsed.cursor,
    windowSeconds: parsed.windowSeconds,
    issuerKeys: new Map(parsed.issuerKeys),
    subjects,
    checkInList: parsed.checkInList ?? defaultCheckInList(),
    products: new Map((parsed.products ?? []).map((p) => [p.id, p])),
  };
}

/**
 * Applies a delta IN PLACE and returns the same state: a pack may hold 100,000 subjects, and copying
 * them per delta would cost more than the delta itself. Issuer keys are added, never removed by a
 * delta; the list and the products, when the delta names them, replace the earlier ones. Throws (leaving the state unchanged) on a malformed delta or one for another event.
 */
export function applyPackDelta(state: GateState, delta: unknown): GateState {
  const parsed = parsePack(delta);
  if (parsed.eventId !== state.eventId) fail('delta is for another event');
  for (const [kid, key] of parsed.issuerKeys) state.issuerKeys.set(kid, key);
  for (const row of parsed.subjects) mergeSubject(state.subjects, row);
  if (parsed.checkInList) state.checkInList = parsed.checkInList;
  if (parsed.products) state.products = new Map(parsed.products.map((p) => [p.id, p]));
  state.generatedAt = parsed.generatedAt;
  state.cursor = parsed.cursor;
  state.windowSeconds = parsed.windowSeconds;
  return state;
}
