#!/usr/bin/env node
// Entry of `npx tripster-sync`. The tool runs from its TypeScript source,
// so this file registers tsx, which `npm ci` installs, and starts it.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../cli/main.ts');
await runCli();
