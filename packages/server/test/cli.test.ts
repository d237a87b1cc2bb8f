import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { demo } from '../src/domain/demo/seed-demo.ts';
import { createServer } from '../src/server.ts';
import { bearer, testConfig } from './support/harness.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'packages/server/bin/ticketguard.mjs');

/**
 * The operator CLI on a SQLite file: the bin that `npx ticketguard` starts, in a process of its
 * own, then each command through the same `main` in this process (a process costs seconds of tsx
 * start-up); the server then opens the same file and sees what the commands did.
 */
describe('npx ticketguard', () => {
  let folder: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'tg-cli-'));
    env = { ...process.env, DATABASE_URL: `sqlite:${join(folder, 'tg.sqlite')}`, TG_SECRET: 'cli-test-secret-cli-test-secret-0123456789', TG_DEMO: '0' };
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Runs the bin in a process of its own; resolves with its exit code and output whatever the code. */
  const spawned = async (args: string[], extraEnv: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root, env: { ...env, ...extraEnv }, timeout: 60_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  /** Runs a command through `main` in this process, with its console output captured. */
  const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
    try {
      const code = await main(args, { ...env, ...extraEnv });
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  };

  it('the bin prints its usage and runs a command in a process of its own', async () => {
    const help = await spawned(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['migrate', 'seed-demo', 'create-organizer', 'rotate-key', 'purge', 'export-organizer']) expect(help.stdout).toContain(command);
    const migrate = await spawned(['migrate']);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toMatch(/applied \d+ migration/);
  }, 120_000);

  it('an unknown command, a missing option or a bad setting is exit code 1 with a message naming it', async () => {
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    const missing = await cli(['create-organizer', '--name', 'X']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/--email is required/);
    const badConfig = await cli(['migrate'], { DATABASE_URL: 'mysql://nope' });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/DATABASE_URL must start with sqlite: or postgres:\/\//);
  }, 60_000);

  it('(after the bin migrated) seeds the demo, creates an organizer, rotates a key, purges and exports, as the server then sees', async () => {
    expect((await cli(['migrate'])).stdout).toContain('up to date');
    expect((await cli(['seed-demo'])).stdout).toContain('demo seeded');

    const password = 'cli-created-password';
    const created = await cli(['create-organizer', '--name', 'Melkweg', '--email', 'Ops@Melkweg.test'], { TG_ORGANIZER_PASSWORD: password });
    expect(created.code, created.stderr).toBe(0);
    const { organizerId } = JSON.parse(created.stdout);
    const again = await cli(['create-organizer', '--name', 'Melkweg', '--email', 'ops@melkweg.test'], { TG_ORGANIZER_PASSWORD: password });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists/);

    const rotated = await cli(['rotate-key', demo.eventId]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toMatch(/carries 2 key\(s\)/);
    expect((await cli(['rotate-key', '00000000-0000-4000-8000-000000000000'])).stderr).toMatch(/event not found/);
    const purged = await cli(['purge']);
    expect(purged.code, purged.stderr).toBe(0);
    expect(purged.stdout).toMatch(/retention \(180 days\)/);

    const exported = await cli(['export-organizer', demo.email]);
    expect(exported.code, exported.stderr).toBe(0);
    const data = JSON.parse(exported.stdout);
    expect(data).toMatchObject({ format: 'ticketguard-organizer-export/1', organizer: { id: demo.organizerId }, events: [{ id: demo.eventId }] });
    expect(data.ticketTypes).toHaveLength(3);
    expect(data.issuerKeys).toHaveLength(2);
    expect(exported.stdout).not.toMatch(/password|token_hash|private_key/);

    // The server on the same file: the organizer signs in, and the demo event's pack has both keys.
    const server = await createServer({ config: testConfig({ database: { kind: 'sqlite', path: join(folder, 'tg.sqlite') }, secret: env.TG_SECRET! }), jobs: false });
    try {
      const session = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { email: 'ops@melkweg.test', password } });
      expect(session.statusCode).toBe(200);
      const events = await server.app.inject({ method: 'GET', url: '/api/v1/events', headers: bearer(session.json().token) });
      expect(events.json().events).toEqual([]);
      expect(organizerId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await server.close();
    }
  }, 120_000);
});
