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
   * dedicated connection, reconnecting after an error; what is sent while it is down is missed.
   */
  listen(topic: string, handler: (payload: string) => void, onError?: (error: Error) => void): Promise<() => Promise<void>>;
}

const reconnectMs = 1000;

export function postgresNotifications(pool: pg.Pool, clientConfig: pg.ClientConfig): Notifications {
  return {
    async notify(topic, payload) {
      await pool.query(`SELECT pg_notify($1 || ':' || current_schema(), $2)`, [topic, payload]);
    },

    async listen(topic, handler, onError = () => {}) {
      let client: pg.Client | undefined;
      let stopped = false;
      let retry: NodeJS.Timeout | undefined;

      const connect = async () => {
        const next = new pg.Client(clientConfig);
        const lost = (error: Error) => {
          if (stopped || client !== next) return;
          client = undefined;
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
