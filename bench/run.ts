// `npm run bench`: runs every benchmark suite in turn, each in its own Node process so one suite's warm JIT, heap
// and open handles cannot colour the next. A suite is any bench/*.ts file other than this one that runs when
// executed directly; code suites share lives in subfolders (bench/workloads/). Suites print and never assert.
//   npm run bench                 every suite
//   npm run bench -- engine store only these (file names without .ts)
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here, { withFileTypes: true })
  .filter((f) => f.isFile() && f.name.endsWith('.ts') && f.name !== 'run.ts' && !f.name.startsWith('.'))
  .map((f) => basename(f.name, '.ts'))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !all.includes(w));
if (unknown.length > 0) {
  console.error(`no benchmark suite ${unknown.map((u) => `'${u}'`).join(', ')} (there are: ${all.join(', ')})`);
  process.exit(2);
}
const suites = wanted.length > 0 ? wanted : all;

const failed: string[] = [];
for (const suite of suites) {
  console.log(`\n== ${suite} ==`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${suite}.ts`)], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    failed.push(suite);
    console.log(`== ${suite}: exited with ${r.status ?? r.signal} after ${seconds} s ==`);
  } else console.log(`== ${suite}: ${seconds} s ==`);
}
if (failed.length > 0) {
  console.error(`\nsuites that did not finish: ${failed.join(', ')}`);
  process.exit(1);
}
