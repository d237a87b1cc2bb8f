import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { CheckInsTable, Database, GateDevicesTable, ScansTable } from '../schema.ts';

const deskMarker = (eventId: string) => `desk:${eventId}`;

export function gateRepository(db: Kysely<Database>, rowLocks: boolean) {
  return {
    async insertDevice(row: GateDevicesTable) {
      await db.insertInto('gate_devices').values(row).execute();
    },

    /** The event's scanners; not the help desk, which is no scanner (deskDevice). */
    devicesOfEvent: (eventId: string) =>
      db
        .selectFrom('gate_devices')
        .select(['id', 'name', 'created_at', 'revoked_at', 'check_in_list_id'])
        .where('event_id', '=', eventId)
        .where('token_hash', '!=', deskMarker(eventId))
        .orderBy('created_at')
        .execute(),

    /**
     * The help desk's entry in the event's devices, made the first time it checks a ticket in by hand,
     * so its check-ins and scans name where they came from. It has no token (the marker is no hash of
     * any) and is revoked from the start: nothing can pair as it.
     */
    async deskDevice(eventId: string, now: string) {
      const found = await db.selectFrom('gate_devices').selectAll().where('token_hash', '=', deskMarker(eventId)).executeTakeFirst();
      if (found) return found;
      const row: GateDevicesTable = { id: randomUUID(), event_id: eventId, name: 'Help desk', token_hash: deskMarker(eventId), created_at: now, revoked_at: now, check_in_list_id: null };
      await db.insertInto('gate_devices').values(row).execute();
      return row;
    },

    async moveDevice(id: string, changes: { name?: string; check_in_list_id?: string | null }) {
      await db.updateTable('gate_devices').set(changes).where('id', '=', id).execute();
    },

    findDevice: (id: string) => db.selectFrom('gate_devices').selectAll().where('id', '=', id).executeTakeFirst(),

    /** False when the device is revoked: a revoked device stays revoked. */
    async replaceToken(id: string, tokenHash: string) {
      const result = await db.updateTable('gate_devices').set({ token_hash: tokenHash }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async revokeDevice(id: string, now: string) {
      await db.updateTable('gate_devices').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },

    deviceByTokenHash: (tokenHash: string) =>
      db.selectFrom('gate_devices').selectAll().where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst(),

    /** Pack rows: tickets of the event changed after `sinceVersion`, with their check-in on the list if any. */
    packRows: (eventId: string, listId: string, sinceVersion: number) =>
      db
        .selectFrom('tickets')
        .leftJoin('check_ins', (join) => join.onRef('check_ins.ticket_id', '=', 'tickets.id').on('check_ins.check_in_list_id', '=', listId))
        .select(['tickets.id', 'tickets.seq', 'tickets.state', 'tickets.ticket_type_id', 'check_ins.inside', 'check_ins.moved_at', 'check_ins.moved_gate'])
        .where('tickets.event_id', '=', eventId)
        .where('tickets.pack_version', '>', sinceVersion)
        .execute(),

    /**
     * The tickets a batch of scans is about, locked until commit so parallel uploads queue up, with
     * their check-ins on the list. The check-ins are read after the lock, by a statement of their own:
     * on PostgreSQL a joined row would come from the snapshot taken before the wait, and miss the
     * check-in that the upload it waited for just committed.
     */
    async lockTickets(eventId: string, listId: string, ids: string[]) {
      if (ids.length === 0) return [];
      const query = db
        .selectFrom('tickets')
        .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
        .select(['tickets.id', 'tickets.seq', 'tickets.state', 'tickets.ticket_type_id', 'tickets.account_id', 'ticket_types.kind'])
        .where('tickets.event_id', '=', eventId)
        .where('tickets.id', 'in', ids)
        .orderBy('tickets.id');
      const tickets = await (rowLocks ? query.forUpdate(['tickets']) : query).execute();
      const checkIns = new Map(
        (await db.selectFrom('check_ins').selectAll().where('check_in_list_id', '=', listId).where('ticket_id', 'in', ids).execute()).map((c) => [c.ticket_id, c]),
      );
      return tickets.map((t) => ({ ...t, checkIn: checkIns.get(t.id) }));
    },

    scansOf: (deviceId: string, scanIds: string[]) =>
      scanIds.length === 0
        ? Promise.resolve([])
        : db.selectFrom('scans').selectAll().where('gate_device_id', '=', deviceId).where('scan_id', 'in', scanIds).execute(),

    /**
     * Every scan admitted at a gate (local_verdict accepted) of the event's tickets that were admitted
     * twice or more: those with at least one admitted scan the server refused as already_used.
     */
    duplicateAdmissions: (eventId: string) =>
      db
        .selectFrom('scans')
        .innerJoin('tickets', 'tickets.id', 'scans.subject_id')
        .select(['scans.subject_id', 'scans.scan_id', 'scans.gate', 'scans.scanned_at', 'scans.received_at', 'scans.verdict', 'scans.conflict', 'tickets.account_id', 'tickets.ticket_type_id'])
        .where('scans.event_id', '=', eventId)
        .where('scans.local_verdict', '=', 'accepted')
        .where('scans.subject_id', 'in', (sub) =>
          sub
            .selectFrom('scans')
            .select('subject_id')
            .where('event_id', '=', eventId)
            .where('local_verdict', '=', 'accepted')
            .where('verdict', '=', 'rejected')
            .where('reason', '=', 'already_used'),
        )
        .orderBy('scans.subject_id')
        .orderBy('scans.scanned_at')
        .execute(),

    async insertScans(rows: ScansTable[]) {
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('scans').values(rows.slice(i, i + 500)).execute();
    },

    /**
     * Writes the batch's check-ins on one list: first entries as new rows, movements (an exit, a
     * re-entry) onto existing ones; every ticket touched moves to the pack version, and tickets that
     * got in for the first time anywhere turn `checked_in`.
     */
    async checkIn(list: { fresh: CheckInsTable[]; moved: CheckInsTable[]; firstAnywhere: string[] }, packVersion: number) {
      for (let i = 0; i < list.fresh.length; i += 500) await db.insertInto('check_ins').values(list.fresh.slice(i, i + 500)).execute();
      for (const row of list.moved) {
        await db
          .updateTable('check_ins')
          .set({ inside: row.inside, moved_at: row.moved_at, moved_gate: row.moved_gate })
          .where('check_in_list_id', '=', row.check_in_list_id)
          .where('ticket_id', '=', row.ticket_id)
          .execute();
      }
      const touched = [...new Set([...list.fresh, ...list.moved].map((r) => r.ticket_id))];
      for (let i = 0; i < touched.length; i += 500) {
        await db.updateTable('tickets').set({ pack_version: packVersion }).where('id', 'in', touched.slice(i, i + 500)).execute();
      }
      for (let i = 0; i < list.firstAnywhere.length; i += 500) {
        await db.updateTable('tickets').set({ state: 'checked_in' }).where('id', 'in', list.firstAnywhere.slice(i, i + 500)).where('state', '=', 'valid').execute();
      }
    },

    /** An earlier scan uploaded late becomes the check-in; the scan it replaces is marked a duplicate. */
    async moveCheckIn(row: CheckInsTable, replaced: { deviceId: string; scanId: string }, packVersion: number) {
      await db
        .updateTable('check_ins')
        .set({ scanned_at: row.scanned_at, gate: row.gate, gate_device_id: row.gate_device_id, scan_id: row.scan_id, moved_at: row.moved_at, moved_gate: row.moved_gate })
        .where('check_in_list_id', '=', row.check_in_list_id)
        .where('ticket_id', '=', row.ticket_id)
        .execute();
      await db.updateTable('tickets').set({ pack_version: packVersion }).where('id', '=', row.ticket_id).execute();
      await db
        .updateTable('scans')
        .set({ verdict: 'rejected', reason: 'already_used', first_scanned_at: row.scanned_at, first_gate: row.gate, conflict: 1 })
        .where('gate_device_id', '=', replaced.deviceId)
        .where('scan_id', '=', replaced.scanId)
        .execute();
    },
  };
}
