// What every subcommand is: its options for util.parseArgs, its help, and what it does. The dispatcher
// (main.ts) parses the arguments, so a command's run() gets them checked: unknown options and missing values are
// usage errors (64) before any command code runs.
import type { ParseArgsConfig } from 'node:util';
import type { Output } from './output';

/** The CLI's exit codes (sysexits where one fits). Queue mode has its own: src/contract.ts. */
export const EXIT = {
  ok: 0,
  problems: 1, // the command ran and found problems (check-config, lists test, is-tagged: "not tagged")
  usage: 64, // EX_USAGE: a mistake on the command line
  unavailable: 69, // EX_UNAVAILABLE: something the command needs is missing
  software: 70, // EX_SOFTWARE: a bug of ours
  cantCreate: 73, // EX_CANTCREAT: an output file cannot be written (compile-config)
  config: 78, // EX_CONFIG: the config file is invalid or unreadable
} as const;

export type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Args {
  readonly values: Values;
  readonly positionals: readonly string[];
  /** Options and positionals in command-line order (util.parseArgs tokens), for commands where order matters. */
  readonly tokens?: NonNullable<ReturnType<typeof import('node:util').parseArgs>['tokens']>;
}

export interface Command {
  /** "check [--config FILE] [--ip ADDR] ... [MESSAGE|-]": the synopsis after `qqtag `. */
  readonly synopsis: string;
  /** The text of `qqtag help NAME` after the synopsis: what it does, each option, exit codes. */
  readonly help: string;
  readonly options: Options;
  /** How many positional arguments it takes (default none). */
  readonly positionals?: { readonly min: number; readonly max: number };
  run(args: Args, out: Output): Promise<number>;
}

/** A string option's value ('' when absent). */
export const stringOf = (values: Values, name: string): string => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};
