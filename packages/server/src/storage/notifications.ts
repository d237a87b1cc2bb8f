import pg from 'pg';

/**
 * Messages between the server processes that share one PostgreSQL, by LISTEN/NOTIFY: no other
 * service is needed. A topic is scoped to the schema, so that installations (or test files)
 * sharing a database do not hear each other. Payloads must stay under 8,000 bytes.
 */
export interface Notifications {
  notify(topic: string, payload: string): Promise<void>;
  /**
   * Calls `handler` with every payload on `topic`, from any process, this one included. Holds one
   * dedicated connection, reconnecting after an error: `onError` says it was lost, `onResume` that it
   * listens again. What was sent in between is missed, so the caller catches up in `onResume`.
   */
  listen(topic: string, handler: (payload: string) => void, events?: ListenEvents): Promise<() => Promise<void>>;
}

export interface ListenEvents {
  onError?: (error: Error) => void;
  onResume?: () => void;
}

const reconnectMs = 1000;

export function postgresNotifications(pool: pg.Pool, clientConfig: pg.ClientConfig): Notifications {
  return {
    async notify(topic, payload) {
      await pool.query(`SELECT pg_notify($1 || ':' || current_schema(), $2)`, [topic, payload]);
    },

    async listen(topic, handler, { onError = () => {}, onResume = () => {} } = {}) {
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;
      let lostBefore = false;
      const connect = async () => {
        const next = new pg.Client(clientConfig);
        const lost = (error: Error) => {
          if (stopped || client !== next) return;
          client = undefined;
          lostBefore = true;
          onError(error);
          next.end().catch(() => {});
          retry = setTimeout(() => void connect().catch(() => {}), reconnectMs).unref();
        };
        client = next;
        next.on('error', lost);
        next.on('end', () => lost(new Error('the notification connection ended')));
        next.on('notification', (message) => message.payload !== undefined && handler(message.payload));
        try {
          await next.connect();
          const schema = (await next.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
          // The channel is an identifier: quoted, with any quote in it doubled.
          await next.query(`LISTEN "${`${topic}:${schema}`.replace(/"/g, '""')}"`);
        } catch (error) {
          lost(error as Error);
          throw error;
        }
        if (stopped) await next.end().catch(() => {});
        else if (lostBefore) onResume();
      };

      // A first connection that fails (PostgreSQL at max_connections, say) is retried like a lost one:
      // the server runs on, its streams hearing only this process until the connection is made.
      await connect().catch(() => {});
      return async () => {
        stopped = true;
        clearTimeout(retry);
        await client?.end().catch(() => {});
      };
    },
  };
}
