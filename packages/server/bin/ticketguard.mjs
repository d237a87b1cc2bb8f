#!/usr/bin/env node
// `npx ticketguard <command>`: runs the TypeScript CLI (src/cli/run.ts) under tsx, which the
// repository installs, in a child Node process so that tsx's loader is in place before any import.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../src/cli/run.ts', import.meta.url));
let loader;
try {
  loader = import.meta.resolve('tsx');
} catch {
  console.error('ticketguard: tsx is not installed; run `npm ci` in the repository first');
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', loader, main, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
