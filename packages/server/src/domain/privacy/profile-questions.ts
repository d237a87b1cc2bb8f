import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { ProfileQuestionsTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { recordConsent } from './consents.ts';
import { issueVouchers } from '../vouchers/vouchers.ts';
import type { Language } from '../messaging/translations.ts';

export interface NewQuestion {
  key: string;
  text: { nl: string; en: string };
  purpose: string;
  moment: ProfileQuestionsTable['moment'];
  rewardVoucherCampaignId?: string;
}

/**
 * An organizer asks for a piece of personal data with a stated purpose, at a moment that makes
 * sense ("after check-in: which artist brought you here? to plan next year's line-up").
 */
export async function createQuestion(ctx: Context, organizerId: string, input: NewQuestion) {
  if (input.rewardVoucherCampaignId) {
    const campaign = await ctx.store.repos.vouchers.findCampaign(input.rewardVoucherCampaignId);
    if (campaign?.organizer_id !== organizerId) throw new DomainError('invalid_request', 'rewardVoucherCampaignId is not a voucher campaign of yours');
  }
  const row: ProfileQuestionsTable = {
    id: randomUUID(),
    organizer_id: organizerId,
    key: input.key,
    text_nl: input.text.nl,
    text_en: input.text.en,
    purpose: input.purpose,
    moment: input.moment,
    reward_campaign_id: input.rewardVoucherCampaignId ?? null,
    created_at: ctx.clock().toISOString(),
  };
  try {
    await ctx.store.transaction((repos) => repos.privacy.insertQuestion(row));
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw new DomainError('invalid_request', `key: you already have a question "${input.key}"`);
    throw error;
  }
  return row;
}

/** The organizer's questions with how many visitors answered (answers still held) and declined each. */
export async function organizerQuestions(ctx: Context, organizerId: string) {
  const rows = await ctx.store.repos.privacy.questionsWithCounts(organizerId);
  return rows.map((q) => ({ ...q, answers: Number(q.answers ?? 0), declines: Number(q.declines ?? 0) }));
}

/**
 * The questions due now for this visitor, oldest first, for the wallet to ask one at a time: only
 * organizers whose ticket the visitor holds, only at the question's moment (after purchase, after
 * getting in, after the event ended), and never again once answered or declined.
 */
export async function dueQuestions(ctx: Context, accountId: string, language: Language) {
  const repos = ctx.store.repos;
  const now = ctx.clock().toISOString();
  const facts = await repos.privacy.ticketFacts(accountId);
  const moments = new Map<string, Set<ProfileQuestionsTable['moment']>>();
  for (const fact of facts) {
    if (fact.state === 'revoked') continue;
    const due = moments.get(fact.organizer_id) ?? new Set();
    due.add('after_purchase');
    if (fact.state === 'checked_in') due.add('after_checkin');
    if (fact.ends_at <= now) due.add('after_event');
    moments.set(fact.organizer_id, due);
  }
  const settled = await repos.privacy.questionIdsSettled(accountId);
  return (await repos.privacy.questionsOfOrganizers([...moments.keys()]))
    .filter((q) => moments.get(q.organizer_id)!.has(q.moment) && !settled.has(q.id))
    .map((q) => ({
      id: q.id,
      organizerId: q.organizer_id,
      organizerName: q.organizer_name,
      key: q.key,
      text: language === 'nl' ? q.text_nl : q.text_en,
      purpose: q.purpose,
      moment: q.moment,
      ...(q.reward_campaign_id ? { reward: { voucherCampaignId: q.reward_campaign_id } } : {}),
    }));
}

/** Answering records the consent for the question's purpose; answering again replaces the answer. */
export async function answerQuestion(ctx: Context, accountId: string, questionId: string, answer: string) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const question = await repos.privacy.findQuestion(questionId);
    if (!question) throw notFound('question');
    await repos.privacy.saveAnswer({ question_id: question.id, account_id: accountId, organizer_id: question.organizer_id, answer, now });
    await recordConsent(repos, now, { accountId, organizerId: question.organizer_id, purpose: question.purpose, granted: true, source: 'answer' });
    const reward = question.reward_campaign_id ? await repos.vouchers.findCampaign(question.reward_campaign_id) : undefined;
    if (reward) await issueVouchers(repos, ctx.settings.secret, reward, [accountId], 'reward', now);
  });
}

/** "No thanks": the question is not asked again, and nothing is lost but its reward. */
export async function declineQuestion(ctx: Context, accountId: string, questionId: string) {
  await ctx.store.transaction(async (repos) => {
    if (!(await repos.privacy.findQuestion(questionId))) throw notFound('question');
    await repos.privacy.decline(questionId, accountId, ctx.clock().toISOString());
  });
}
