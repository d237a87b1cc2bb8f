import type { ServerResponse } from 'node:http';
import type { InboxBus, InboxMessage } from '../domain/messaging/inbox-bus.ts';
import type { Language } from '../domain/messaging/translations.ts';
import { presentInboxMessage } from './presenters/messages.ts';

const heartbeatMs = 15_000;

const event = (name: string, data: object, id?: string) => `event: ${name}\n${id ? `id: ${id}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/**
 * The open Server-Sent Events streams of inboxes in this process. Each stream subscribes to the
 * inbox bus for its account and lets go of everything (subscription, heartbeat) the moment the
 * client goes away; `endAll` ends every stream so that shutting down never waits for a client.
 */
export function inboxStreams(bus: InboxBus) {
  const open = new Set<() => void>();

  /**
   * Streams to `res`: the newest inbox messages (oldest of them first), a `ready` event, then each
   * message as it is delivered, each message once (also one delivered while the inbox is read).
   */
  async function stream(res: ServerResponse, accountId: string, language: Language, inbox: () => Promise<InboxMessage[]>) {
    // The client may have gone while its proof was checked; then 'close' has fired already.
    if (res.destroyed || !res.socket || res.socket.destroyed) return;
    // Connection: close, so that ending the stream at shutdown also closes the socket at once.
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'close', 'x-accel-buffering': 'no' });
    let pending: InboxMessage[] | undefined = [];
    // Each message once: the bus may pass one on again when it catches up after a lost connection.
    const sent = new Set<string>();
    // The same shape as GET /api/v1/me/inbox, as the route promises (a voucher as `voucher.campaignId`).
    const send = (m: InboxMessage) => {
      if (sent.has(m.id)) return;
      sent.add(m.id);
      res.write(event('message', presentInboxMessage(m, language), m.id));
    };
    const unsubscribe = bus.subscribe(accountId, (m) => (pending ? pending.push(m) : send(m)));
    // A comment line now and then keeps proxies and the browser from timing the stream out.
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs).unref();
    let closed = false;
    const release = () => {
      if (closed) return;
      closed = true;
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(end);
    };
    const end = () => {
      release();
      res.end();
    };
    open.add(end);
    res.on('close', release);
    res.on('error', release);

    try {
      const current = (await inbox()).reverse();
      if (closed) return;
      for (const m of current) send(m);
      for (const m of pending) send(m);
      pending = undefined;
      res.write(event('ready', {}));
    } catch {
      end();
    }
  }

  return {
    stream,
    endAll() {
      for (const end of [...open]) end();
    },
    get size() {
      return open.size;
    },
  };
}
