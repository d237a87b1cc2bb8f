import { migrateToLatest } from '../storage/db.ts';
import { withContext } from './context.ts';

export const migrate = {
  usage: 'migrate                      bring the database schema up to date (the server does this at start too)',
  async run(_options: Record<string, string>, _positional: string[], env: Record<string, string | undefined>) {
    await withContext(
      env,
      async (_ctx, { storage }) => {
        const applied = await migrateToLatest(storage);
        console.log(applied.length ? `applied ${applied.length} migration(s):\n${applied.map((m) => `  ${m}`).join('\n')}` : 'the database is up to date');
      },
      { migrate: false },
    );
  },
};
