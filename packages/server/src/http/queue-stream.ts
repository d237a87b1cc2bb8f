import type { ServerResponse } from 'node:http';
import type { Context } from '../domain/context.ts';
import type { QueueEntriesTable } from '../storage/schema.ts';
import { standing } from '../domain/waiting-room/queue-place.ts';
import { tickSeconds } from '../domain/waiting-room/admit-visitors.ts';

const heartbeatMs = 15_000;

interface Listener {
  res: ServerResponse;
  entry: QueueEntriesTable;
  last: string;
}

/**
 * The open Server-Sent Events streams of places in waiting rooms in this process. One timer per
 * process walks every stream once per room tick and sends a `place` event to those whose place
 * changed; the room itself is read once a second for all of them (room-pace.ts), and an entry only
 * when it was drawn or admitted since. So 20,000 phones waiting cost this process no more than one
 * read of the room per tick, plus one read per phone whose turn came.
 */
export function queueStreams(ctx: Context) {
  const byEvent = new Map<string, Set<Listener>>();
  let timer: NodeJS.Timeout | undefined;
  let walking = false;

  async function walk() {
    if (walking) return;
    walking = true;
    try {
      for (const [eventId, listeners] of byEvent) {
        for (const listener of listeners) await send(eventId, listener).catch(() => undefined);
      }
    } finally {
      walking = false;
    }
  }

  async function send(eventId: string, listener: Listener) {
    const { place, entry } = await standing(ctx, eventId, listener.entry);
    listener.entry = entry;
    const data = JSON.stringify(place);
    if (data === listener.last || listener.res.destroyed) return;
    listener.last = data;
    listener.res.write(`event: place\ndata: ${data}\n\n`);
  }

  async function stream(res: ServerResponse, eventId: string, entry: QueueEntriesTable) {
    if (res.destroyed || !res.socket || res.socket.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'close', 'x-accel-buffering': 'no' });
    const listener: Listener = { res, entry, last: '' };
    const listeners = byEvent.get(eventId) ?? new Set();
    byEvent.set(eventId, listeners.add(listener));
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs).unref();
    timer ??= setInterval(() => void walk(), tickSeconds * 1000).unref();
    const release = () => {
      clearInterval(heartbeat);
      listeners.delete(listener);
      if (listeners.size === 0) byEvent.delete(eventId);
      if (byEvent.size === 0 && timer) timer = void clearInterval(timer);
    };
    res.on('close', release);
    res.on('error', release);
    await send(eventId, listener).catch(() => res.end());
  }

  return {
    stream,
    endAll() {
      for (const listeners of byEvent.values()) for (const listener of listeners) listener.res.end();
    },
    get size() {
      let count = 0;
      for (const listeners of byEvent.values()) count += listeners.size;
      return count;
    },
  };
}
