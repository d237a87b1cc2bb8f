import type { Context } from '../context.ts';
import { textIn, translationsOf, type Language } from '../messaging/translations.ts';
import { ticketRef } from '../tickets/ticket-ref.ts';
import { answerText } from './profile-questions.ts';

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;

/**
 * The account export as a person reads it (GDPR art. 15): tickets with their event, orders with
 * what they bought, consents in words, questions with the answers given, messages with their
 * text; names and times instead of internal ids. The full machine-readable export stays the one
 * to move to another service (art. 20).
 */
export async function readableExport(ctx: Context, accountId: string, language: Language) {
  const repos = ctx.store.repos;
  const data = await repos.accountData.collect(accountId);
  const events = new Map<string, Awaited<ReturnType<typeof repos.events.find>>>();
  const eventOf = async (id: string | null) => {
    if (!id) return undefined;
    if (!events.has(id)) events.set(id, await repos.events.find(id));
    return events.get(id);
  };
  const types = new Map<string, string>();
  const typeName = async (id: string) => {
    if (!types.has(id)) types.set(id, (await repos.events.findTicketType(id))?.name ?? '');
    return types.get(id)!;
  };
  const organizers = new Map<string, string>();
  const organizerName = async (id: string) => {
    if (!organizers.has(id)) organizers.set(id, (await repos.organizers.findOrganizer(id))?.name ?? '');
    return organizers.get(id)!;
  };
  const questions = await repos.privacy.questionsByIds(data.answers.map((a) => a.question_id));

  return {
    title: language === 'nl' ? 'Je gegevens bij Ticketguard' : 'Your data at Ticketguard',
    exportedAt: ctx.clock().toISOString(),
    tickets: await Promise.all(data.tickets.map(async (t) => {
      const event = await eventOf(t.event_id);
      return { event: event?.name ?? '', venue: event?.venue ?? '', startsAt: event?.starts_at ?? null, ticketType: await typeName(t.ticket_type_id), state: t.state, reference: ticketRef(t.id) };
    })),
    orders: await Promise.all(data.orders.map(async (o) => ({
      event: (await eventOf(o.event_id))?.name ?? '',
      placedAt: o.created_at,
      status: o.status,
      items: await Promise.all(data.orderItems.filter((i) => i.order_id === o.id).map(async (i) => ({ product: await typeName(i.ticket_type_id), quantity: i.quantity, price: money(i.unit_price_cents, o.currency) }))),
      total: money(o.total_cents, o.currency),
    }))),
    handedOn: await Promise.all(data.transfers.filter((t) => t.from_account_id === accountId && t.reason !== 'recovery').map(async (t) => ({
      event: (await eventOf(t.event_id))?.name ?? '', how: t.reason === 'claim' ? 'claim link' : 'exchange', at: t.created_at,
    }))),
    consents: await Promise.all(data.consents.map(async (c) => ({ organizer: await organizerName(c.organizer_id), purpose: c.purpose, given: c.granted === 1, at: c.created_at }))),
    answers: await Promise.all(data.answers.map(async (a) => {
      const question = questions.get(a.question_id);
      return {
        organizer: await organizerName(a.organizer_id),
        question: question ? (language === 'nl' ? question.text_nl : question.text_en) : '',
        purpose: question?.purpose ?? '',
        answer: answerText(a.answer, question?.options, language),
        at: a.updated_at,
      };
    })),
    messages: await Promise.all(data.inbox.map(async (m) => {
      const text = textIn({ title: m.title, body: m.body, translations: translationsOf(m) }, language);
      return {
        from: await organizerName(m.organizer_id), event: (await eventOf(m.event_id))?.name ?? null, title: text.title, text: text.body, receivedAt: m.delivered_at, read: m.read_at !== null,
      };
    })),
    vouchers: await Promise.all(data.vouchers.map(async (v) => ({
      voucher: (await repos.vouchers.findCampaign(v.campaign_id))?.name ?? '', event: (await eventOf(v.event_id))?.name ?? '', state: v.state, uses: v.uses, receivedAt: v.created_at,
    }))),
    phone: {
      keys: data.holderKeys.length,
      organizerKeys: data.presentationKeys.length,
      passkeys: data.passkeys.map((p) => ({ createdAt: p.created_at, lastUsedAt: p.last_used_at })),
      notificationSubscriptions: data.pushSubscriptions.length,
    },
  };
}
