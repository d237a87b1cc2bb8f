import { writeFileSync } from 'node:fs';
import { DomainError } from '../domain/errors.ts';
import { exportOrganizer } from '../domain/organizers/export-organizer.ts';
import { CliError, withContext } from './context.ts';

export const exportOrganizerCommand = {
  usage: 'export-organizer <organizerId|email> [--out FILE]   the organizer\'s data as JSON (stdout, or FILE)',
  async run(options: Record<string, string>, [who]: string[], env: Record<string, string | undefined>) {
    if (!who) throw new CliError('give the organizer id or its owner\'s email: ticketguard export-organizer <organizerId|email>');
    await withContext(env, async (ctx) => {
      const organizerId = who.includes('@') ? (await ctx.store.repos.organizers.findStaffByEmail(who.trim().toLowerCase()))?.organizer_id : who;
      if (!organizerId) throw new CliError(`no staff user with email ${who}`);
      try {
        const json = JSON.stringify(await exportOrganizer(ctx, organizerId), null, 2);
        if (options.out) {
          writeFileSync(options.out, `${json}\n`, { mode: 0o600 });
          console.error(`written to ${options.out}`);
        } else console.log(json);
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
