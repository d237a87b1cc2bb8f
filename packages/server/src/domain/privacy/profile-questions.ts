import { randomUUID } from 'node:crypto';
import type { Context } from '../context.ts';
import type { ProfileQuestionsTable } from '../../storage/schema.ts';
import { DomainError, notFound } from '../errors.ts';
import { recordConsent } from './consents.ts';
import { issueVouchers } from '../vouchers/vouchers.ts';
import type { Language } from '../messaging/translations.ts';

export interface QuestionOption {
  value: string;
  label: { nl: string; en: string };
}

export interface NewQuestion {
  /** A short name for the answers in insights and exports; made from the purpose when left out. */
  key?: string;
  text: { nl: string; en: string };
  /** Why it is asked, in a sentence the visitor reads: "to plan next year's line-up". */
  purpose: string;
  moment: ProfileQuestionsTable['moment'];
  rewardVoucherCampaignId?: string;
  answerType?: 'text' | 'single' | 'multiple';
  /** For single and multiple choice: 2 to 20 choices, each with a label in Dutch and English (value made from the English one). */
  options?: { value?: string; label: { nl: string; en: string } }[];
}

/** "To plan next year's line-up" -> "to_plan_next_years_line_up": a name made from a sentence. */
export const slugOf = (text: string) =>
  text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48) || 'question';

const optionsOf = (q: Pick<ProfileQuestionsTable, 'options'>): QuestionOption[] => (q.options ? (JSON.parse(q.options) as QuestionOption[]) : []);

/** An answer as a person reads it: the text of a free answer, the labels of the options chosen ("Pop, Dance"). */
export function answerText(stored: string, options: string | null | undefined, language: Language) {
  if (!options) return stored;
  const labels = new Map(optionsOf({ options }).map((o) => [o.value, o.label[language]]));
  const chosen = stored.startsWith('[') ? (JSON.parse(stored) as string[]) : [stored];
  return chosen.map((value) => labels.get(value) ?? value).join(', ');
}

/** The choices of a question, checked: each with a distinct value. */
function checkedOptions(input: NewQuestion) {
  const type = input.answerType ?? 'text';
  if (type === 'text') {
    if (input.options?.length) throw new DomainError('invalid_request', 'options: only single and multiple choice questions have options', 'options');
    return null;
  }
  const options = (input.options ?? []).map((o) => ({ value: o.value ?? slugOf(o.label.en), label: o.label }));
  if (options.length < 2) throw new DomainError('invalid_request', `options: a ${type} choice question needs at least 2 options`, 'options');
  const seen = new Set<string>();
  for (const [i, o] of options.entries()) {
    if (seen.has(o.value)) throw new DomainError('invalid_request', `options[${i}]: "${o.value}" is there twice; give each option another label`, `options[${i}]`);
    seen.add(o.value);
  }
  return JSON.stringify(options);
}

/**
 * An organizer asks for a piece of personal data with a stated purpose, at a moment that makes
 * sense ("after check-in: which artist brought you here? to plan next year's line-up").
 */
export async function createQuestion(ctx: Context, organizerId: string, input: NewQuestion) {
  if (input.rewardVoucherCampaignId) {
    const campaign = await ctx.store.repos.vouchers.findCampaign(input.rewardVoucherCampaignId);
    if (campaign?.organizer_id !== organizerId) throw new DomainError('invalid_request', 'rewardVoucherCampaignId is not a voucher campaign of yours', 'rewardVoucherCampaignId');
  }
  const options = checkedOptions(input);
  const row: ProfileQuestionsTable = {
    id: randomUUID(),
    organizer_id: organizerId,
    key: input.key ?? (await freeKey(ctx, organizerId, slugOf(input.purpose))),
    text_nl: input.text.nl,
    text_en: input.text.en,
    purpose: input.purpose.trim(),
    moment: input.moment,
    reward_campaign_id: input.rewardVoucherCampaignId ?? null,
    created_at: ctx.clock().toISOString(),
    answer_type: input.answerType ?? 'text',
    options,
  };
  try {
    await ctx.store.transaction((repos) => repos.privacy.insertQuestion(row));
  } catch (error) {
    if (ctx.store.storage.isUniqueViolation(error)) throw new DomainError('invalid_request', `key: you already have a question "${row.key}"`, 'purpose');
    throw error;
  }
  return row;
}

/** `base`, or `base_2`, `base_3`, ... whichever of the organizer's question names is still free. */
async function freeKey(ctx: Context, organizerId: string, base: string) {
  const taken = new Set((await ctx.store.repos.privacy.questionsWithCounts(organizerId)).map((q) => q.key));
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base.slice(0, 44)}_${n}`;
  return key;
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
      answerType: q.answer_type ?? 'text',
      ...(q.options ? { options: optionsOf(q).map((o) => ({ value: o.value, label: o.label[language] })) } : {}),
      ...(q.reward_campaign_id ? { reward: { voucherCampaignId: q.reward_campaign_id } } : {}),
    }));
}

/** The answer as stored: the text, the chosen value, or the chosen values as a JSON array; refused when it is not an answer to this question. */
function storedAnswer(question: ProfileQuestionsTable, answer: string | string[]) {
  const type = question.answer_type ?? 'text';
  const values = new Set(optionsOf(question).map((o) => o.value));
  if (type === 'text') {
    if (typeof answer !== 'string') throw new DomainError('invalid_request', 'answer: this question takes a text');
    return answer;
  }
  const chosen = typeof answer === 'string' ? [answer] : answer;
  if (type === 'single' && chosen.length !== 1) throw new DomainError('invalid_request', 'answer: choose one option');
  if (chosen.length === 0 || new Set(chosen).size !== chosen.length) throw new DomainError('invalid_request', 'answer: choose at least one option, each once');
  const unknown = chosen.find((value) => !values.has(value));
  if (unknown !== undefined) throw new DomainError('invalid_request', `answer: "${unknown}" is not one of the options`);
  return type === 'single' ? chosen[0]! : JSON.stringify(chosen);
}

/**
 * Answering records the consent for the question's purpose; answering again replaces the answer.
 * Only a visitor holding a live ticket of the organizer's events may answer (and earn the reward):
 * otherwise any fresh phone key could farm reward vouchers.
 */
export async function answerQuestion(ctx: Context, accountId: string, questionId: string, answer: string | string[]) {
  const now = ctx.clock().toISOString();
  await ctx.store.transaction(async (repos) => {
    const question = await repos.privacy.findQuestion(questionId);
    if (!question) throw notFound('question');
    const holds = (await repos.privacy.ticketFacts(accountId)).some((t) => t.organizer_id === question.organizer_id && t.state !== 'revoked');
    if (!holds) throw new DomainError('forbidden', "only visitors holding a ticket for this organizer's events can answer its questions");
    await repos.privacy.saveAnswer({ question_id: question.id, account_id: accountId, organizer_id: question.organizer_id, answer: storedAnswer(question, answer), now });
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
