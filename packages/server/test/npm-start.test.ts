import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dpopProof, newHolder } from '../../../bench/dpop.ts';
import { request } from '../../../bench/support/http.ts';
import { startServer } from '../../../bench/support/process.ts';

/**
 * `npm start` as a new operator meets it: no PUBLIC_URL, a terminal. A real server process on a
 * fresh SQLite file, reached over real HTTP by both loopback names.
 */
describe('npm start without any setting', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tg-start-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const start = (name: string, env: Record<string, string>) =>
    startServer('packages/server/src/main.ts', (port) => ({ PORT: String(port), PUBLIC_URL: '', DATABASE_URL: `sqlite:${join(folder, `${name}.sqlite`)}`, TG_DEMO: '1', LOG_LEVEL: 'info', ...env }), '/api/v1/health');

  it('prints where the three apps are and how to sign in to the demo, and serves wallets at localhost and 127.0.0.1', async () => {
    const server = await start('human', { LOG_FORMAT: 'human' });
    try {
      const origin = `http://localhost:${server.port}`;
      for (let i = 0; i < 50 && !server.output().includes('Stop with Ctrl+C'); i++) await new Promise((r) => setTimeout(r, 100));
      const output = server.output();
      for (const app of ['wallet', 'dashboard', 'scanner']) expect(output).toContain(`${origin}/${app}/`);
      expect(output).toContain(`(also at http://127.0.0.1:${server.port})`);
      expect(output).toContain('Demo sign-in: demo@ticketguard.local / ticketguard-demo');
      // Requests are not logged at info: a browsing visitor leaves no lines.
      expect(output).not.toContain('request completed');
      expect(output).not.toMatch(/^\{/m);

      for (const host of ['localhost', '127.0.0.1']) {
        const holder = newHolder();
        const path = '/api/v1/accounts';
        const answer = await request(server.port, { method: 'POST', path, headers: { dpop: dpopProof(holder, 'POST', `http://${host}:${server.port}${path}`) }, body: '{}' });
        expect(answer.status, answer.body.toString()).toBe(201);
      }
    } finally {
      await server.stop();
    }
  });

  it('logs JSON lines when told to (or when its output is no terminal)', async () => {
    const server = await start('json', { LOG_FORMAT: 'json' });
    try {
      for (let i = 0; i < 50 && !server.output().includes('Ticketguard is running'); i++) await new Promise((r) => setTimeout(r, 100));
      const lines = server.output().trim().split('\n').filter(Boolean);
      const running = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.msg === 'Ticketguard is running');
      expect(running).toMatchObject({ level: 30, wallet: `http://localhost:${server.port}/wallet/`, alsoServedAt: [`http://127.0.0.1:${server.port}`] });
    } finally {
      await server.stop();
    }
  });
});
