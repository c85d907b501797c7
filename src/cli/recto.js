#!/usr/bin/env node
// The `recto` command. Recto is written in TypeScript and run through tsx, so there is no
// build step between `npm ci` and a working command.
//
// glibc gives every thread that allocates its own malloc arena; with libvips and tesseract
// threads those arenas fragment and are never returned, adding hundreds of megabytes. Two
// arenas are plenty, but the limit must be set before the process starts: so on Linux, when
// it is not set already (the Docker image sets it), run Recto again with it set.
import { spawn } from 'node:child_process';

if (process.platform === 'linux' && !process.env.MALLOC_ARENA_MAX) {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
