// Finds scenarios for the CLI by id (the file name without extension). Only the asked-for file is compiled, so
// one broken scenario elsewhere in the folder does not stop a simulation of another.
import { existsSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import type { CompiledScenario } from '../engine/index.ts';
import { type FileProblem, loadScenarioFile, SCENARIO_DIR, scenarioFiles } from '../scenarios/catalog.ts';
import { UsageError } from './usage.ts';

export function scenarioIds(): string[] {
  return scenarioFiles().map((f) => basename(f, extname(f)));
}

/** A path as the person typed it or relative to where they stand, for messages they can click. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

export class ScenarioProblems extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(`the scenario has ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

export function loadScenarioById(id: string): CompiledScenario {
  const file = ['.yaml', '.yml']
    .map((ext) => join(SCENARIO_DIR, id + ext))
    .find((f) => /^[a-z0-9_-]+$/.test(id) && existsSync(f));
  if (!file) {
    const known = scenarioIds();
    throw new UsageError(`unknown scenario '${id}' (known: ${known.join(', ') || 'none'})`);
  }
  const r = loadScenarioFile(displayPath(file));
  if (!r.ok) throw new ScenarioProblems(r.problems);
  return r.scenario;
}
