import { demo, seedDemo } from '../domain/demo/seed-demo.ts';
import { withContext } from './context.ts';

export const seedDemoCommand = {
  usage: 'seed-demo                    add the demo organizer and its event on sale (does nothing if they exist)',
  async run(_options: Record<string, string>, _positional: string[], env: Record<string, string | undefined>) {
    await withContext(env, async (ctx) => {
      const created = await seedDemo(ctx);
      console.log(created ? 'demo seeded' : 'the demo was there already');
      console.log(`organizer: ${demo.email} / ${demo.password}\nevent: ${ctx.settings.publicUrl}/api/v1/events/${demo.eventId}`);
    });
  },
};
