import { spawn } from 'node:child_process';

export interface CommandOutput {
  stdout: string;
  stderr: string;
}

/** Spawns a command, collects its output and rejects with the stderr tail on a non-zero exit. */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandOutput> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const output = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      if (code === 0) resolveRun(output);
      else reject(new Error(`${command} exited with ${code ?? signal}: ${output.stderr.trim().slice(-1500)}`));
    });
  });
}
