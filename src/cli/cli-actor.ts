import os from 'node:os';

/** Who ran a command, as the audit log names them: the operating-system account. */
export function cliActor(): string {
  return `cli:${os.userInfo().username}`;
}
