import { base64urlEncode, GATE_PACK_FORMAT, type GatePack, type GateState, type SubjectRow } from '@ticketguard/protocol';

/**
 * The merged verifier state back in the pack's own format, to store in IndexedDB after a delta:
 * the protocol library builds state from a pack and applies deltas to it, and this is its inverse.
 */
export function packFromState(state: GateState): GatePack {
  const subjects: SubjectRow[] = [];
  for (const s of state.subjects.values()) {
    const row: SubjectRow = [s.id, s.seq, s.state, s.typeId];
    if (s.checkedInAt !== undefined) row.push(s.checkedInAt, s.gate ?? '');
    subjects.push(row);
  }
  return {
    format: GATE_PACK_FORMAT,
    eventId: state.eventId,
    generatedAt: state.generatedAt,
    cursor: state.cursor,
    windowSeconds: state.windowSeconds,
    issuerKeys: [...state.issuerKeys].map(([kid, key]) => ({ kid, publicKey: base64urlEncode(key) })),
    subjects,
    // Kept, or a reload would forget which list the rows are for (and where a refused code belongs).
    checkInList: state.checkInList,
    ticketTypes: [...state.products.values()],
  };
}

/** The 95th percentile of a list of durations (0 for none). */
export function percentile95(values: readonly number[]) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}
