/** The end of a bench: a dated section appended to bench/RESULTS.md, the failures, the exit code. */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { root } from './process.ts';

const file = join(root, 'bench', 'RESULTS.md');

export const utcMinute = () => `${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`;

export function machine() {
  const cpu = cpus();
  return `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'})`;
}

/** The commit measured, and whether the server code had changes on top of it. */
export function gitNote() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return `${head}${dirty ? ' + uncommitted changes in packages/' : ''}`;
  } catch {
    return 'unknown';
  }
}

export interface Section {
  /** After `## `. */
  title: string;
  /** Command, machine, method: each a paragraph before the tables. */
  paragraphs: string[];
  tables: string[];
  /** The start of RESULTS.md, if the file does not exist yet. */
  fileHeader: string;
}

function append(section: Section, failures: string[]) {
  const text = [
    `## ${section.title}`,
    '',
    ...section.paragraphs.flatMap((p) => [p, '']),
    ...section.tables.flatMap((t) => [t, '']),
    ...(failures.length ? [`**Failed:** ${failures.join('; ')}`, ''] : []),
  ].join('\n');
  // Another bench may have appended meanwhile: read the file now and keep a blank line between sections.
  if (!existsSync(file)) appendFileSync(file, section.fileHeader);
  const current = readFileSync(file, 'utf8');
  appendFileSync(file, `${current.endsWith('\n') ? '' : '\n'}\n${text}`);
}

/**
 * Appends the section unless BENCH_RESULTS=0 or no database gave figures, lists the failures (each
 * database's problems among them) and exits: 1 if anything failed.
 */
export function finish<F extends { problems: string[] }>(run: { figures: F[]; failures: string[] }, section: () => Section): never {
  const failures = [...run.failures, ...run.figures.flatMap((f) => f.problems)];
  if (run.figures.length > 0 && process.env.BENCH_RESULTS !== '0') {
    append(section(), failures);
    console.log('\nappended to bench/RESULTS.md');
  }
  if (failures.length > 0) {
    console.error(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  process.exit(0);
}
