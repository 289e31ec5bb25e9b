// Mistakes in how the command was called: reported in one line, with a pointer to --help, exit code 2.
import { type ParseArgsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its errors turned into plain sentences. */
export function parseFlags<O extends Options>(args: string[], options: O, positionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    const msg = (e as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(msg);
    if (unknown) throw new UsageError(`unknown option '${unknown[1]}'`);
    const positional = /Unexpected argument '([^']+)'/.exec(msg);
    if (positional) throw new UsageError(`unexpected argument '${positional[1]}'`);
    throw new UsageError(msg.split('\n')[0] ?? msg);
  }
}

/** A whole number from a flag, within bounds, or a UsageError naming the flag. */
export function wholeNumber(flag: string, raw: string | undefined, fallback: number | null, min: number, max: number): number {
  if (raw === undefined) {
    if (fallback === null) throw new UsageError(`--${flag} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n))
    throw new UsageError(`--${flag} must be a whole number, not '${raw}'`);
  if (n < min || n > max) throw new UsageError(`--${flag} must be between ${min} and ${max}, not ${n}`);
  return n;
}
