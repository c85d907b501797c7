import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `recto serve` / `recto worker` as real child processes, for tests that kill and restart
 * them. Each is the process doing the work (MALLOC_ARENA_MAX is set, so the launcher does not
 * re-spawn itself behind a wrapper pid) and is tied to this test process by an IPC channel, so
 * it dies with it even if the test runner is killed; every one still running is also killed
 * when this process exits.
 */

const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const RECTO = path.join(REPO_ROOT, 'src/cli/recto.js');
const READY_TIMEOUT_MS = 60_000;
/** Enough for a worker to finish a small page and close its connections. */
const STOP_GRACE_MS = 20_000;

export type ServiceRole = 'serve' | 'worker';

export interface ServiceProcess {
  role: ServiceRole;
  /** The pid of the process running the API or the workers (no wrapper in between). */
  pid: number;
  /** The API's address (`serve` only). */
  url?: string;
  /** Everything the process wrote to stderr so far: start-up lines, failures. */
  output(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the process dies mid-job, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM (graceful: current jobs finish), then SIGKILL if it takes too long. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface StartOptions {
  /**
   * Start through the launcher as a user would (no MALLOC_ARENA_MAX, so on Linux `pid` is a
   * wrapper that runs Recto as its child), instead of running Recto directly.
   */
  viaLauncher?: boolean;
}

export async function startServiceProcess(role: ServiceRole, env: Record<string, string>, options: StartOptions = {}): Promise<ServiceProcess> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, RECTO_EXIT_WITH_PARENT: '1' };
  if (options.viaLauncher) delete childEnv.MALLOC_ARENA_MAX;
  else childEnv.MALLOC_ARENA_MAX = '2';
  const child = spawn(process.execPath, [RECTO, role], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  running.add(child);
  // The channel only tells the child when we are gone; it must not keep this process alive.
  child.channel?.unref();
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });

  const service: ServiceProcess = {
    role,
    pid: child.pid!,
    output: () => stderr,
    exited,
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };

  const ready = role === 'serve' ? /Recto is listening on (\S+)/ : /Recto worker started/;
  const started = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`recto ${role} not ready after ${READY_TIMEOUT_MS} ms:\n${stderr}`)), READY_TIMEOUT_MS);
    const onData = (): void => {
      const match = ready.exec(stderr);
      if (!match) return;
      clearTimeout(timer);
      child.stderr!.off('data', onData);
      resolve(match);
    };
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`recto ${role} exited (${signal ?? code}) before it was ready:\n${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await service.kill();
    throw error;
  });
  if (role === 'serve') service.url = started[1];
  return service;
}

/**
 * The processes one test started, so that they are all killed afterwards whatever happened:
 * also the ones that started while another failed to.
 */
export class ServiceProcesses {
  private readonly started: ServiceProcess[] = [];

  async start(role: ServiceRole, env: Record<string, string>, options: StartOptions = {}): Promise<ServiceProcess> {
    const service = await startServiceProcess(role, env, options);
    this.started.push(service);
    return service;
  }

  /** What every process wrote to stderr, for a failure message. */
  output(): string {
    return this.started.map((service) => `--- recto ${service.role} (pid ${service.pid}) ---\n${service.output()}`).join('\n');
  }

  async killAll(): Promise<void> {
    await Promise.all(this.started.map((service) => service.kill()));
  }
}
