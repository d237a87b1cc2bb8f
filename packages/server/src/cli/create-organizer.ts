import { DomainError } from '../domain/errors.ts';
import { signUp } from '../domain/organizers/sign-up.ts';
import { CliError, required, withContext } from './context.ts';

/** The password from --password, or else from TG_ORGANIZER_PASSWORD (kept out of the shell history and `ps`). */
function passwordOf(options: Record<string, string>, env: Record<string, string | undefined>) {
  const password = options.password ?? env.TG_ORGANIZER_PASSWORD;
  if (!password) throw new CliError('give the password with TG_ORGANIZER_PASSWORD=... (or --password)');
  if (password.length < 10) throw new CliError('the password must be at least 10 characters');
  return password;
}

export const createOrganizer = {
  usage: 'create-organizer --name N --email E   a new organizer with E as its owner; password from TG_ORGANIZER_PASSWORD',
  async run(options: Record<string, string>, _positional: string[], env: Record<string, string | undefined>) {
    const name = required(options, 'name', 'the organizer\'s name');
    const email = required(options, 'email', 'the owner\'s email address, used to sign in');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CliError(`--email "${email}" is not an email address`);
    const password = passwordOf(options, env);
    await withContext(env, async (ctx) => {
      try {
        const { organizer } = await signUp(ctx, { name, email, password });
        console.log(JSON.stringify({ organizerId: organizer.id, name: organizer.name, email: email.trim().toLowerCase() }));
      } catch (error) {
        if (error instanceof DomainError) throw new CliError(error.message);
        throw error;
      }
    });
  },
};
