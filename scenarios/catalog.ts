// Reads scenario YAML files from disk and compiles them. A scenario's id is its file name without extension.
// Problems name the file, the line, the path inside the file and what is wrong, all at once.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { type CompiledScenario, compileScenario } from '../engine/index.ts';

export const SCENARIO_DIR = dirname(fileURLToPath(import.meta.url));

export interface FileProblem {
  file: string;
  line: number | null;
  path: string;
  message: string;
}

export class ScenarioFileError extends Error {
  constructor(readonly problems: FileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: FileProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.path}: ${p.message}`;
}

function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) out.push(m[2] !== undefined ? Number(m[2]) : (m[1] as string));
  return out;
}

export function compileScenarioText(
  text: string,
  file: string,
): { ok: true; scenario: CompiledScenario } | { ok: false; problems: FileProblem[] } {
  const id = basename(file, extname(file));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        file,
        // linePos is only filled in with prettyErrors; the offset is always there.
        line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
        path: '(YAML)',
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  if (!/^[a-z][a-z0-9_-]*$/.test(id)) {
    return {
      ok: false,
      problems: [
        { file, line: null, path: '(file name)', message: 'name scenario files in lower case, e.g. ship-by-friday.yaml' },
      ],
    };
  }
  const result = compileScenario(id, doc.toJS());
  if (result.ok) return result;
  const lineOf = (path: string): number | null => {
    let segs = pathSegments(path);
    // Walk up until a node exists: a missing field is reported at its parent's line.
    while (segs.length >= 0) {
      const node = segs.length === 0 ? doc.contents : doc.getIn(segs, true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range && (isMap(node) || isSeq(node) || node)) return lines.linePos(range[0]).line;
      if (segs.length === 0) return null;
      segs = segs.slice(0, -1);
    }
    return null;
  };
  return { ok: false, problems: result.problems.map((p) => ({ file, line: lineOf(p.path), path: p.path, message: p.message })) };
}

export function loadScenarioFile(path: string): ReturnType<typeof compileScenarioText> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, problems: [{ file: path, line: null, path: '(file)', message: (e as Error).message }] };
  }
  return compileScenarioText(text, path);
}

export function scenarioFiles(dir = SCENARIO_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Every scenario in the folder, compiled; throws ScenarioFileError listing every problem of every bad file. */
export function loadCatalog(dir = SCENARIO_DIR): Map<string, CompiledScenario> {
  const out = new Map<string, CompiledScenario>();
  const problems: FileProblem[] = [];
  for (const file of scenarioFiles(resolve(dir))) {
    const r = loadScenarioFile(file);
    if (r.ok) out.set(r.scenario.id, r.scenario);
    else problems.push(...r.problems);
  }
  if (problems.length > 0) throw new ScenarioFileError(problems);
  return out;
}
