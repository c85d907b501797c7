#!/usr/bin/env node
// The `recto` command. Recto is written in TypeScript and run through tsx, so there is no
// build step between `npm ci` and a working command.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
