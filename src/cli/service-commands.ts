import type { Command } from 'commander';
import { reportFailure } from './cli-failure.ts';
import { loadServiceConfig } from '../service/service-config.ts';
import { startService } from '../service/start-service.ts';

/** `recto serve` (API + workers) and `recto worker` (workers only), configured by environment. */
export function registerServiceCommands(program: Command): void {
  program
    .command('serve')
    .description('run the capture service: HTTP API on PORT (default 3000) and queue workers; settings from the environment')
    .action(() => run('serve'));
  program
    .command('worker')
    .description('run queue workers only (more processes or machines sharing the same REDIS_URL and DATA_DIR)')
    .action(() => run('worker'));
}

async function run(role: 'serve' | 'worker'): Promise<void> {
  try {
    const service = await startService(loadServiceConfig(), role);
    process.stderr.write(
      role === 'serve' ? `Recto is listening on ${service.url}\n` : `Recto worker started${service.url ? `; metrics on ${service.url}/metrics` : ''}\n`,
    );
    let stopping = false;
    const shutdown = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`${signal}: finishing current jobs, then stopping\n`);
      service.stop().then(
        () => process.exit(0),
        (error: unknown) => process.exit(reportFailure(role, error)),
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  } catch (error) {
    process.stderr.write(`recto ${role} could not start\n`);
    process.exit(reportFailure(role, error));
  }
}
