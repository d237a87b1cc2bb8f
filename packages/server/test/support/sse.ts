import { request, type ClientRequest, type IncomingMessage } from 'node:http';

export interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * A Server-Sent Events client over real HTTP, as a browser's EventSource reads the stream: events
 * are parsed as they arrive, comments (heartbeats) are counted apart.
 */
export function openSse(port: number, path: string) {
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const state = { comments: 0, ended: false, response: undefined as IncomingMessage | undefined, body: '' };
  const notify = () => waiters.forEach((w) => w());

  const req: ClientRequest = request({ host: '127.0.0.1', port, path, method: 'GET', agent: false, headers: { accept: 'text/event-stream' } });
  const opened = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', (res) => {
      state.response = res;
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        state.body += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) state.comments += 1;
          else {
            const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2);
            events.push({ event: field('event') ?? 'message', id: field('id'), data: field('data') ?? '' });
          }
        }
        notify();
      });
      res.on('close', () => {
        state.ended = true;
        notify();
      });
      resolve(res);
    });
    req.on('error', (error) => {
      state.ended = true;
      notify();
      reject(error);
    });
  });
  opened.catch(() => {}); // an aborted request rejects; callers that care await `opened`
  req.end();

  /** Resolves once `check` holds (checked on every stream event and every 10 ms), or fails after `ms`. */
  function until(check: () => boolean, ms = 5000) {
    return new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const started = Date.now();
      const poll = setInterval(() => waiter(), 10);
      const waiter = () => {
        const done = check();
        if (!done && Date.now() - started < ms) return;
        clearInterval(poll);
        waiters.delete(waiter);
        if (done) resolve();
        else reject(new Error(`SSE: condition not met within ${ms} ms; events: ${JSON.stringify(events)}`));
      };
      waiters.add(waiter);
    });
  }

  return { req, opened, events, state, until, close: () => req.destroy() };
}
