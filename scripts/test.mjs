// Runs every *.test.ts under the given folders or files (default: the whole project) with Node's own test runner.
// Node 20 cannot expand globs in --test, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', 'data', 'dist', '.git', 'artifacts']);
function collect(dir, out) {
  if (!statSync(dir).isDirectory()) return dir.endsWith('.test.ts') ? [...out, dir] : out;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}
const roots = process.argv.slice(2);
const files = (roots.length ? roots : ['.']).flatMap((r) => collect(r, [])).sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Browser tests serve web/dist. Build it once here: test files run in parallel, and one file rebuilding it would
// empty it under another file's running server.
const env = { ...process.env };
if (files.some((f) => readFileSync(f, 'utf8').includes('buildWebClient('))) {
  const build = spawnSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  env.POLARITY_WEB_CLIENT_BUILT = '1';
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', env },
);
process.exit(r.status ?? 1);
