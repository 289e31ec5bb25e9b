// `npm start` runs this first: a fresh clone has no web/dist, so the web client is built once; later starts skip
// it. A failed build does not stop the server, which then answers every page with how to build the client.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(new URL('../web/dist/index.html', import.meta.url));
const source = existsSync(new URL('../web/index.html', import.meta.url));

if (!built && source) {
  console.log('polarity: building the web client (first start only)…');
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0)
    console.error('polarity: the web client did not build; the API still starts. Run `npm run build:web` to see why.');
}
