import type { Writable } from 'node:stream';

const levels: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The log for a person at a terminal: "21:04:05 info  Ticketguard is running  database=sqlite", one
 * line per entry, an error's stack below it. It takes the JSON lines the logger writes, so what is
 * logged (and what is never logged) is the same in both formats.
 */
export function humanLog(out: Pick<Writable, 'write'> = process.stdout) {
  return {
    write(line: string) {
      const { level, time, msg, err, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line) as Record<string, unknown> & { level: number; time: number; msg?: string; err?: { stack?: string } };
      const details = Object.entries(rest).map(([key, value]) => `${key}=${shown(value)}`).join(' ');
      const clock = new Date(time).toTimeString().slice(0, 8);
      out.write(`${clock} ${(levels[level] ?? String(level)).padEnd(5)} ${msg ?? ''}${details ? `  ${details}` : ''}${err?.stack ? `\n${err.stack}` : ''}\n`);
    },
  };
}
