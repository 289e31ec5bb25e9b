#!/usr/bin/env node
// The `polarity` command. The CLI is TypeScript like the engine it drives, so tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
