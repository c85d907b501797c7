#!/usr/bin/env node
// The `recto` command. Recto is written in TypeScript and run through tsx, so there is no
// build step between `npm ci` and a working command.
//
// glibc gives every thread that allocates its own malloc arena; with libvips and tesseract
// threads those arenas fragment and are never returned, adding hundreds of megabytes. Two
// arenas are plenty, but the limit must be set before the process starts: so on Linux, when
// it is not set already (the Docker image sets it), run Recto again with it set.
import { spawn } from 'node:child_process';

if (process.env.RECTO_EXIT_WITH_PARENT === '1') exitWithParent();

if (process.platform === 'linux' && !process.env.MALLOC_ARENA_MAX) {
  // The IPC channel is the child's lifeline: it dies with this process (see exitWithParent),
  // so killing this pid stops Recto even with SIGKILL, which cannot be forwarded.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2', RECTO_EXIT_WITH_PARENT: '1' },
  });
  const forward = (signal) => child.kill(signal);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    if (signal) {
      // Die of the same signal, so whoever started us sees what happened; our own handler
      // would swallow it, so remove it first.
      for (const name of signals) process.off(name, forward);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}

/**
 * Whoever started this process with an IPC channel and RECTO_EXIT_WITH_PARENT=1 (the launcher
 * above, or a test) wants no orphan: when that parent goes, for whatever reason, this process
 * goes too, at once, as if killed with it. Jobs it held are recovered by other workers.
 */
function exitWithParent() {
  if (!process.channel) return;
  process.channel.unref(); // the channel must not keep a finished command alive
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
}
