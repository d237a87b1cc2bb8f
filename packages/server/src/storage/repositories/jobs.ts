import { sql, type Kysely } from 'kysely';
import type { Database, JobsTable } from '../schema.ts';

export interface Claim {
  workerId: string;
  now: string;
  lockedUntil: string;
  limit: number;
}

export function jobsRepository(db: Kysely<Database>, skipLocked: boolean) {
  /** Unfinished, due, attempts left, and nobody holding it (or the holder's lock ran out). */
  const due = (now: string) =>
    db
      .selectFrom('jobs')
      .select('id')
      .where('done_at', 'is', null)
      .where('run_at', '<=', now)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .orderBy('run_at')
      .orderBy('id');

  const take = (ids: string[] | ReturnType<typeof due>, claim: Claim) =>
    db
      .updateTable('jobs')
      .set({ locked_by: claim.workerId, locked_until: claim.lockedUntil, attempts: sql`attempts + 1` })
      .where('id', 'in', ids)
      .returningAll()
      .execute();

  return {
    async insert(row: JobsTable) {
      await db.insertInto('jobs').values(row).execute();
    },

    /** False when a job with this id exists already. */
    async insertIfNew(row: JobsTable) {
      const result = await db.insertInto('jobs').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    async insertMany(rows: JobsTable[]) {
      for (let i = 0; i < rows.length; i += 500) await db.insertInto('jobs').values(rows.slice(i, i + 500)).execute();
    },

    find: (id: string) => db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst(),

    /**
     * Takes up to `limit` due jobs for one worker; no two workers ever get the same job. On
     * PostgreSQL one statement: SKIP LOCKED passes over rows a concurrent claim is taking, and a
     * row it did take is no longer due once that claim commits. On SQLite, select-then-update is
     * exact because the caller's transaction (BEGIN IMMEDIATE) holds the only write lock.
     */
    async claim(claim: Claim): Promise<JobsTable[]> {
      if (skipLocked) return take(due(claim.now).limit(claim.limit).forUpdate().skipLocked(), claim);
      const ids = (await due(claim.now).limit(claim.limit).execute()).map((r) => r.id);
      return ids.length === 0 ? [] : take(ids, claim);
    },

    /** Finishes a job this worker holds; false if its lock ran out and another worker has it now. */
    async complete(id: string, workerId: string, now: string) {
      const result = await db
        .updateTable('jobs')
        .set({ done_at: now, locked_by: null, locked_until: null })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Gives a job back after a failure, to be tried again at `runAt` if it has attempts left. */
    async release(id: string, workerId: string, runAt: string, error: string | null) {
      await db
        .updateTable('jobs')
        .set({ run_at: runAt, locked_by: null, locked_until: null, last_error: error })
        .where('id', '=', id)
        .where('locked_by', '=', workerId)
        .execute();
    },

    /** Moves an unfinished job to another time, because the moment its work is for moved. */
    async reschedule(id: string, runAt: string) {
      await db.updateTable('jobs').set({ run_at: runAt }).where('id', '=', id).where('done_at', 'is', null).execute();
    },
  };
}
