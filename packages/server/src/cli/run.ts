import { main } from './main.ts';

// The entry of `npx ticketguard` (bin/ticketguard.mjs); main.ts stays importable for tests.
process.exitCode = await main(process.argv.slice(2), process.env);
