// Small helpers shared by the CLI commands.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called or configured: printed without a stack, exit code 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A file the command could not open, in words rather than an errno code: "no such file". */
export function fileProblem(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a directory, not a file' };
  return (error.code && words[error.code]) ?? error.code ?? error.message;
}

/** `--input FILE|-`: the file opened for reading (standard input for "-"); a UsageError naming the problem when it cannot be. */
export async function openInput(path: string): Promise<Readable> {
  if (path === '-') return process.stdin;
  // A directory opens but fails on the first read, as an internal error: refuse it here.
  let isDirectory = false;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${fileProblem(error as NodeJS.ErrnoException)}`);
  }
  if (isDirectory) throw new UsageError(`cannot read ${path}: ${fileProblem({ code: 'EISDIR' } as NodeJS.ErrnoException)}`);
  const input = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot read ${path}: ${fileProblem(e)}`)));
  });
  return input;
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number ≥ 0, got "${value}"`);
  return n;
}

export function oneOf<T extends string>(value: string | undefined, name: string, choices: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got "${value}"`);
  return value as T;
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what} ${path}: ${fileProblem(error as NodeJS.ErrnoException)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Start of the current UTC day: the default `asOf` for generated portfolios, stable within a day. */
export function todayIso(now = new Date()): string {
  return `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
}
