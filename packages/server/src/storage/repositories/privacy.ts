import type { Kysely } from 'kysely';
import type { AuditLogTable, ConsentsTable, Database, ProfileQuestionsTable } from '../schema.ts';

export function privacyRepository(db: Kysely<Database>) {
  return {
    async insertConsent(row: ConsentsTable) {
      await db.insertInto('consents').values(row).execute();
    },

    consentsOfAccount: (accountId: string) =>
      db
        .selectFrom('consents')
        .innerJoin('organizers', 'organizers.id', 'consents.organizer_id')
        .select(['consents.id', 'consents.organizer_id', 'organizers.name as organizer_name', 'consents.purpose', 'consents.granted', 'consents.text_version', 'consents.source', 'consents.created_at'])
        .where('consents.account_id', '=', accountId)
        .orderBy('consents.id')
        .execute(),

    /** The ledger rows of one organizer, oldest first: the last row per (account, purpose) is in force. */
    consentsForOrganizer: (organizerId: string, purposes: string[]) =>
      purposes.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('consents')
            .select(['account_id', 'purpose', 'granted'])
            .where('organizer_id', '=', organizerId)
            .where('purpose', 'in', purposes)
            .orderBy('id')
            .execute(),

    async insertQuestion(row: ProfileQuestionsTable) {
      await db.insertInto('profile_questions').values(row).execute();
    },

    findQuestion: (id: string) => db.selectFrom('profile_questions').selectAll().where('id', '=', id).executeTakeFirst(),

    async questionsByIds(ids: string[]) {
      const rows = ids.length ? await db.selectFrom('profile_questions').selectAll().where('id', 'in', ids).execute() : [];
      return new Map(rows.map((q) => [q.id, q]));
    },

    /** An organizer's questions, oldest first, with how many visitors answered and declined each. */
    questionsWithCounts: (organizerId: string) =>
      db
        .selectFrom('profile_questions')
        .selectAll('profile_questions')
        .select((eb) => [
          eb.selectFrom('profile_answers').select((e) => e.fn.countAll<string>().as('n')).whereRef('profile_answers.question_id', '=', 'profile_questions.id').as('answers'),
          eb.selectFrom('declined_questions').select((e) => e.fn.countAll<string>().as('n')).whereRef('declined_questions.question_id', '=', 'profile_questions.id').as('declines'),
        ])
        .where('organizer_id', '=', organizerId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),

    questionsOfOrganizers: (organizerIds: string[]) =>
      organizerIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('profile_questions')
            .innerJoin('organizers', 'organizers.id', 'profile_questions.organizer_id')
            .selectAll('profile_questions')
            .select('organizers.name as organizer_name')
            .where('profile_questions.organizer_id', 'in', organizerIds)
            .orderBy('profile_questions.created_at')
            .orderBy('profile_questions.id')
            .execute(),

    /** Per organizer whose tickets the account holds: whether it got in, and when its last such event ended. */
    ticketFacts: (accountId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .select(['events.organizer_id', 'tickets.state', 'events.ends_at'])
        .where('tickets.account_id', '=', accountId)
        .execute(),

    questionIdsSettled: async (accountId: string) => {
      const answered = await db.selectFrom('profile_answers').select('question_id').where('account_id', '=', accountId).execute();
      const declined = await db.selectFrom('declined_questions').select('question_id').where('account_id', '=', accountId).execute();
      return new Set([...answered, ...declined].map((r) => r.question_id));
    },

    /** Answering again replaces the answer: one row per question and account. */
    async saveAnswer(row: { question_id: string; account_id: string; organizer_id: string; answer: string; now: string }) {
      await db
        .insertInto('profile_answers')
        .values({ question_id: row.question_id, account_id: row.account_id, organizer_id: row.organizer_id, answer: row.answer, created_at: row.now, updated_at: row.now })
        .onConflict((oc) => oc.columns(['question_id', 'account_id']).doUpdateSet({ answer: row.answer, updated_at: row.now }))
        .execute();
      await db.deleteFrom('declined_questions').where('question_id', '=', row.question_id).where('account_id', '=', row.account_id).execute();
    },

    /** Deletes the account's answers to the organizer's questions of one purpose; returns how many. */
    async deleteAnswersFor(accountId: string, organizerId: string, purpose: string) {
      const result = await db
        .deleteFrom('profile_answers')
        .where('account_id', '=', accountId)
        .where('organizer_id', '=', organizerId)
        .where('question_id', 'in', (eb) => eb.selectFrom('profile_questions').select('id').where('organizer_id', '=', organizerId).where('purpose', '=', purpose))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async decline(questionId: string, accountId: string, now: string) {
      await db
        .insertInto('declined_questions')
        .values({ question_id: questionId, account_id: accountId, created_at: now })
        .onConflict((oc) => oc.columns(['question_id', 'account_id']).doNothing())
        .execute();
    },

    answersForOrganizer: (organizerId: string, accountIds: string[]) =>
      accountIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('profile_answers')
            .innerJoin('profile_questions', 'profile_questions.id', 'profile_answers.question_id')
            .select(['profile_answers.account_id', 'profile_questions.key', 'profile_questions.purpose', 'profile_questions.options', 'profile_answers.answer'])
            .where('profile_answers.organizer_id', '=', organizerId)
            .where('profile_answers.account_id', 'in', accountIds)
            .execute(),

    answersOfAccount: (accountId: string) =>
      db
        .selectFrom('profile_answers')
        .innerJoin('profile_questions', 'profile_questions.id', 'profile_answers.question_id')
        .select(['profile_answers.question_id', 'profile_answers.organizer_id', 'profile_questions.key', 'profile_questions.purpose', 'profile_answers.answer', 'profile_answers.created_at', 'profile_answers.updated_at'])
        .where('profile_answers.account_id', '=', accountId)
        .execute(),

    declinedOfAccount: (accountId: string) => db.selectFrom('declined_questions').selectAll().where('account_id', '=', accountId).execute(),

    async deleteAnswers(accountId: string, organizerId: string) {
      await db.deleteFrom('profile_answers').where('account_id', '=', accountId).where('organizer_id', '=', organizerId).execute();
    },

    /** (account, organizer) pairs with answers, and when that organizer's last event the account held a ticket for ended. */
    answerHolders: () =>
      db
        .selectFrom('profile_answers')
        .leftJoin('tickets', 'tickets.account_id', 'profile_answers.account_id')
        .leftJoin('events', (join) => join.onRef('events.id', '=', 'tickets.event_id').onRef('events.organizer_id', '=', 'profile_answers.organizer_id'))
        .select((eb) => ['profile_answers.account_id', 'profile_answers.organizer_id', eb.fn.max('events.ends_at').as('last_event_end')])
        .groupBy(['profile_answers.account_id', 'profile_answers.organizer_id'])
        .execute(),

    async audit(row: AuditLogTable) {
      await db.insertInto('audit_log').values(row).execute();
    },

    auditLog: (organizerId: string, limit: number) =>
      db
        .selectFrom('audit_log')
        .leftJoin('staff_users', 'staff_users.id', 'audit_log.staff_user_id')
        .select(['audit_log.id', 'audit_log.action', 'audit_log.subject', 'audit_log.detail', 'audit_log.created_at', 'staff_users.email'])
        .where('audit_log.organizer_id', '=', organizerId)
        .orderBy('audit_log.created_at', 'desc')
        .limit(limit)
        .execute(),

    /** (account, event) pairs of every live ticket at this organizer's events. */
    holdingsAtOrganizer: (organizerId: string) =>
      db
        .selectFrom('tickets')
        .innerJoin('events', 'events.id', 'tickets.event_id')
        .select(['tickets.account_id', 'tickets.event_id'])
        .where('events.organizer_id', '=', organizerId)
        .where('tickets.state', '!=', 'revoked')
        .execute(),

    answersAtOrganizer: (organizerId: string) =>
      db
        .selectFrom('profile_answers')
        .innerJoin('profile_questions', 'profile_questions.id', 'profile_answers.question_id')
        .select(['profile_answers.account_id', 'profile_questions.key', 'profile_questions.purpose', 'profile_answers.answer'])
        .where('profile_answers.organizer_id', '=', organizerId)
        .execute(),

    /** The event's tickets that are not revoked, grouped by holder (ordered by account, then ticket). */
    liveTicketsOfEvent: (eventId: string) =>
      db
        .selectFrom('tickets')
        .select(['id', 'account_id', 'state', 'holder_handle'])
        .where('event_id', '=', eventId)
        .where('state', '!=', 'revoked')
        .orderBy('account_id')
        .orderBy('holder_handle')
        .execute(),
  };
}
