import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../src/domain/exports/csv.ts';
import { dialects } from './support/dialects.ts';
import { organizerRequest, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';
import { buyTickets, checkIn } from './support/purchases.ts';
import { TestWallet } from './support/wallet.ts';

/** A strict RFC 4180 reader, written apart from the writer, to read back what a spreadsheet would. */
function parseCsv(text: string) {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), (i += 1);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), (i += 1);
    else cell += c;
  }
  return rows;
}

const objects = (rows: string[][]) => rows.slice(1).map((r) => Object.fromEntries(rows[0]!.map((h, i) => [h, r[i]])));

describe('CSV cells', () => {
  it('quotes what needs quoting and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=1+1', '+1', '-1', '@SUM(A1)']) expect(csvCell(formula)).toBe(`'${formula}`);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(parseCsv(toCsv(['a', 'b'], [['x,y', '"q"'], ['=2', 'z']]))).toEqual([['a', 'b'], ['x,y', '"q"'], ["'=2", 'z']]);
  });
});

describe.each(dialects)('CSV exports on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let event: { eventId: string; ticketTypeId: string };
  let formulaType: string;
  let buyer: TestWallet, friend: TestWallet;
  const asOrganizer = organizerRequest(() => server.app, () => organizer.token);
  const download = (file: string, token = organizer.token) => asOrganizer('GET', `/api/v1/events/${event.eventId}/${file}`, undefined, token);

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
    event = await publishedEvent(server.app, organizer.token);
    formulaType = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/ticket-types`, { name: '=HYPERLINK("http://evil","VIP, front")', priceCents: 9900, currency: 'EUR', capacity: 5 })).json().id;
    [buyer, friend] = [await TestWallet.withAccount(server.app, server.clock), await TestWallet.withAccount(server.app, server.clock)];
    // A second apart, so the orders have an order of their own.
    await buyTickets(buyer, event, 2);
    server.clock.advance(1);
    const [vip] = await buyTickets(friend, { eventId: event.eventId, ticketTypeId: formulaType }, 1);
    server.clock.advance(1);
    await buyer.request('POST', '/api/v1/orders', { eventId: event.eventId, items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }] });
    const gate = (await asOrganizer('POST', `/api/v1/events/${event.eventId}/gate-devices`, { name: 'north scanner' })).json().token as string;
    expect(await checkIn(server.app, gate, friend, vip!, server.clock())).toMatchObject({ verdict: 'accepted' });
  });
  afterAll(() => server.stop());

  it('exports every order as a CSV attachment, buyers as pseudonyms only', async () => {
    const res = await download('orders.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="night-of-tests-orders.csv"');
    const rows = parseCsv(res.body);
    expect(rows[0]).toEqual(['orderId', 'status', 'createdAt', 'paidAt', 'holderRef', 'tickets', 'items', 'totalCents', 'refundedCents', 'currency', 'resale']);
    const orders = objects(rows);
    expect(orders.map((o) => [o.status, o.tickets, o.totalCents])).toEqual([['paid', '2', '7000'], ['paid', '1', '9900'], ['pending', '1', '3500']]);
    expect(orders[0]!.paidAt).toBe(orders[0]!.createdAt);
    expect(orders[2]!.paidAt).toBe('');
    const holders = (await asOrganizer('GET', `/api/v1/events/${event.eventId}/holders`)).json().holders.map((h: { holderRef: string }) => h.holderRef);
    // A pseudonym that starts with '-' is defused in the CSV like any other cell.
    expect(holders.map(csvCell)).toContain(orders[0]!.holderRef);
    expect(orders[0]!.holderRef).toBe(orders[2]!.holderRef);
    expect(orders[1]!.holderRef).not.toBe(orders[0]!.holderRef);
    for (const id of [buyer.accountId, friend.accountId]) expect(res.body).not.toContain(id);
  });

  it('exports check-ins with the ticket type defused and quoted', async () => {
    const res = await download('check-ins.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="night-of-tests-check-ins.csv"');
    const rows = objects(parseCsv(res.body));
    expect(rows).toEqual([
      {
        ticket: expect.any(String), ticketTypeId: formulaType, ticketType: `'=HYPERLINK("http://evil","VIP, front")`, kind: 'admission', holderRef: expect.any(String),
        list: 'Entrance', direction: 'in', scannedAt: server.clock().toISOString(), gate: 'main', device: 'north scanner',
      },
    ]);
    expect(res.body).not.toContain(friend.accountId);
  });

  it('keeps other tenants and gate staff out', async () => {
    const stranger = await signUp(server.app, 'Other tenant');
    for (const file of ['orders.csv', 'check-ins.csv']) expect((await download(file, stranger.token)).statusCode).toBe(404);
    const invite = (await asOrganizer('POST', '/api/v1/staff/invites', { role: 'gate' })).json();
    const gate = (await server.app.inject({ method: 'POST', url: '/api/v1/staff/invites/accept', payload: { token: invite.token, name: 'G', email: `g${Date.now()}@example.org`, password: 'correct horse battery' } })).json().token;
    expect((await download('orders.csv', gate)).statusCode).toBe(403);
    expect((await asOrganizer('GET', '/api/v1/events/not-an-id/orders.csv')).json().error.message).toContain('params.eventId');
  });
});
