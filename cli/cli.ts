// The `polarity` command line: validate scenarios, read a bot-played quest, measure a scenario's balance, and
// re-seal the coach's data after a key change.
// Every command is a function of its arguments and writes through `io`, so tests run it in-process or as a child.

import { SimulationError } from '../engine/index.ts';
import { formatProblem } from '../scenarios/catalog.ts';
import { balanceCommand } from './balance-command.ts';
import { coachCommand } from './coach-command.ts';
import { ScenarioProblems } from './scenario-files.ts';
import { simulateCommand } from './simulate-command.ts';
import { UsageError } from './usage.ts';
import { validateCommand } from './validate-command.ts';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  summary: string;
  help: string;
  run(args: string[], io: Io): number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  simulate: simulateCommand,
  balance: balanceCommand,
  coach: coachCommand,
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'polarity: practise the tension between shipping fast and building well.',
    '',
    'Usage: polarity <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `polarity <command> --help` for a command's options.",
  ].join('\n');
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`polarity: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}). Run polarity --help.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`polarity ${name}: ${e.message}. Run polarity ${name} --help.`);
      return 2;
    }
    if (e instanceof ScenarioProblems) {
      for (const p of e.problems) io.err(formatProblem(p));
      io.err(`polarity ${name}: ${e.message}; fix it first (polarity validate lists every problem)`);
      return 1;
    }
    if (e instanceof SimulationError) {
      io.err(`polarity ${name}: ${e.message}`);
      return 2;
    }
    throw e;
  }
}
