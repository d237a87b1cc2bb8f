import { rotateIssuerKey } from '../domain/credentials/rotate-issuer-key.ts';
import { DomainError } from '../domain/errors.ts';
import { CliError, withContext } from './context.ts';

export const rotateKey = {
  usage: 'rotate-key <eventId>         a new issuer key for the event; credentials already issued stay valid until rebound',
  async run(_options: Record<string, string>, [eventId]: string[], env: Record<string, string | undefined>) {
    if (!eventId || !/^[0-9a-f-]{36}$/i.test(eventId)) throw new CliError('give the event id (a UUID): ticketguard rotate-key <eventId>');
    await withContext(env, async (ctx) => {
      try {
        const { kid, keys } = await rotateIssuerKey(ctx, eventId);
        console.log(`new issuer key ${kid} signs the event's credentials from now on; the gate pack carries ${keys.length} key(s): ${keys.join(', ')}`);
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
