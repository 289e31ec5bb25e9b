// polarity validate: every problem of every scenario file at once, with file:line, so an author fixes them in
// one pass. --schema also writes the JSON Schema editors use for autocomplete.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scenarioJsonSchema } from '../engine/index.ts';
import { formatProblem, loadScenarioFile, SCENARIO_DIR, scenarioFiles } from '../scenarios/catalog.ts';
import type { Command } from './cli.ts';
import { displayPath } from './scenario-files.ts';
import { parseFlags } from './usage.ts';

export const SCHEMA_FILE = join(SCENARIO_DIR, 'scenario.schema.json');

export function schemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

export const validateCommand: Command = {
  summary: 'check scenario files and list every problem (file:line: path: message)',
  help: [
    'Usage: polarity validate [files...] [--schema]',
    '',
    'Checks the given scenario files (default: every scenarios/*.yaml) and prints every problem as',
    'file:line: path: message. Exits 1 if any file has a problem.',
    '',
    'Options:',
    '  --schema   also write scenarios/scenario.schema.json, the JSON Schema behind the',
    '             "# yaml-language-server: $schema=" line at the top of each scenario',
  ].join('\n'),
  run(args, io) {
    const { values, positionals } = parseFlags(args, { schema: { type: 'boolean', default: false } }, true);
    if (values.schema) {
      writeFileSync(SCHEMA_FILE, schemaText());
      io.out(`wrote ${displayPath(SCHEMA_FILE)}`);
    }
    const files = positionals.length > 0 ? positionals.map((f) => resolve(f)) : scenarioFiles();
    if (files.length === 0) {
      io.err('no scenario files found');
      return 1;
    }
    let bad = 0;
    for (const file of files) {
      const r = loadScenarioFile(displayPath(file));
      if (r.ok) {
        io.out(`OK ${displayPath(file)}`);
        continue;
      }
      bad++;
      for (const p of r.problems) io.out(formatProblem(p));
    }
    if (bad > 0)
      io.err(`${bad} of ${files.length} scenario file${files.length === 1 ? '' : 's'} ha${bad === 1 ? 's' : 've'} problems`);
    return bad > 0 ? 1 : 0;
  },
};
