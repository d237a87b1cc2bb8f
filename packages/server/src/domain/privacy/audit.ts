import { randomUUID } from 'node:crypto';
import type { Repositories } from '../../storage/store.ts';
import type { Staff } from '../organizers/authenticate.ts';

/** Writes one row to the organizer's audit log: who read which personal data, and when. */
export async function auditRead(repos: Repositories, staff: Staff, now: string, action: string, subject: string, detail: string) {
  await repos.privacy.audit({
    id: randomUUID(),
    organizer_id: staff.organizerId,
    staff_user_id: staff.staffId,
    action,
    subject,
    detail,
    created_at: now,
  });
}
