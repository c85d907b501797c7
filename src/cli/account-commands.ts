import { createInterface } from 'node:readline';
import { type Command, Option } from 'commander';
import { addUser, changeUser, createApiToken } from '../auth/accounts.ts';
import { ROLES, type Role } from '../auth/roles.ts';
import { RectoError } from '../core/errors.ts';
import type { AuthStore } from '../storage/auth-store.ts';
import type { JsonValue } from '../storage/storage.ts';
import { DEFAULT_DATA_DIR, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { cliActor } from './cli-actor.ts';
import { reportFailure } from './cli-failure.ts';

/** Records an account change in the audit log, as the admin API's routes are recorded. */
type RecordChange = (action: string, subjectId: string, details: JsonValue) => Promise<void>;

/**
 * `recto user …` and `recto token …`: accounts and API tokens, on the same DATA_DIR as the
 * service (run them on the machine that holds it). They are how the first admin is made.
 */
export function registerAccountCommands(program: Command): void {
  const roleOption = () => new Option('--role <role...>', 'one or more of records, reviewer, clinician, admin').choices([...ROLES]).makeOptionMandatory();
  const dataDir = () => new Option('--data-dir <dir>', 'the service\'s DATA_DIR').env('DATA_DIR').default(DEFAULT_DATA_DIR);

  const user = program.command('user').description('local user accounts (for small sites and the first admin; NHS CIS2 users sign in with OIDC)');
  user
    .command('add <name>')
    .description('create a user; the password is asked for (or read from stdin with --password-stdin)')
    .addOption(roleOption())
    .option('--display-name <text>', 'the name shown in pages and the audit trail')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .addOption(dataDir())
    .action((name: string, options: { role: Role[]; displayName?: string; passwordStdin?: boolean; dataDir: string }) =>
      withAuth('user add', options.dataDir, async (auth, record) => {
        const password = await readPassword(options.passwordStdin === true);
        const created = await addUser(auth, { name, displayName: options.displayName, roles: options.role, password });
        await record('admin.user.created', `user:${created.name}`, { roles: created.roles });
        process.stdout.write(`created user ${created.name} with roles ${created.roles.join(', ')}\n`);
      }),
    );
  user
    .command('list')
    .description('list users and their roles')
    .addOption(dataDir())
    .action((options: { dataDir: string }) =>
      withAuth('user list', options.dataDir, async (auth) => {
        for (const entry of await auth.listUsers()) {
          const state = entry.disabled ? 'disabled' : entry.lockedUntil ? `locked until ${entry.lockedUntil}` : 'active';
          process.stdout.write(`${entry.name}\t${entry.roles.join(',')}\t${state}\n`);
        }
      }),
    );
  user
    .command('set-password <name>')
    .description('set a new password (also lifts a lockout and ends the user\'s sessions)')
    .option('--password-stdin', 'read the password from the first line of standard input')
    .addOption(dataDir())
    .action((name: string, options: { passwordStdin?: boolean; dataDir: string }) =>
      withAuth('user set-password', options.dataDir, async (auth, record) => {
        await changeUser(auth, name, { password: await readPassword(options.passwordStdin === true) });
        await record('admin.user.changed', `user:${name}`, { change: 'password set (lockout lifted, sessions ended)' });
        process.stdout.write(`password of ${name} changed\n`);
      }),
    );

  const token = program.command('token').description('API tokens for integrations and scanners (Authorization: Bearer)');
  token
    .command('create')
    .description('create a token; it is printed once, only its hash is kept')
    .requiredOption('--name <name>', 'what uses it, e.g. "ward 7 scanner"')
    .addOption(roleOption())
    .addOption(dataDir())
    .action((options: { name: string; role: Role[]; dataDir: string }) =>
      withAuth('token create', options.dataDir, async (auth, recordChange) => {
        const { token: secret, record } = await createApiToken(auth, { name: options.name, roles: options.role, createdBy: cliActor() });
        await recordChange('admin.token.created', `token:${record.id}`, { name: record.name, roles: record.roles });
        process.stderr.write(`token ${record.id} (${record.name}, roles ${record.roles.join(', ')}); store it now, it is not shown again:\n`);
        process.stdout.write(`${secret}\n`);
      }),
    );
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .addOption(dataDir())
    .action((options: { dataDir: string }) =>
      withAuth('token list', options.dataDir, async (auth) => {
        for (const entry of await auth.listTokens()) {
          process.stdout.write(`${entry.id}\t${entry.name}\t${entry.roles.join(',')}\t${entry.revokedAt ? `revoked ${entry.revokedAt}` : 'live'}\n`);
        }
      }),
    );
  token
    .command('revoke <id>')
    .description('revoke a token: it stops working at once')
    .addOption(dataDir())
    .action((id: string, options: { dataDir: string }) =>
      withAuth('token revoke', options.dataDir, async (auth, record) => {
        await auth.revokeToken(id, cliActor());
        await record('admin.token.revoked', `token:${id}`, null);
        process.stdout.write(`token ${id} revoked\n`);
      }),
    );
}

async function withAuth(command: string, dataDir: string, run: (auth: AuthStore, record: RecordChange) => Promise<void>): Promise<void> {
  const storage = openEmbeddedStorage({ dataDir });
  const record: RecordChange = (action, subjectId, details) => storage.audit.append({ actor: cliActor(), action, subjectId, details });
  try {
    await run(storage.auth, record);
  } catch (error) {
    process.exitCode = reportFailure(command, error);
  } finally {
    await storage.close();
  }
}

/** From a terminal: asked twice, not echoed. From a pipe: the first line. */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    throw new RectoError('WEAK_PASSWORD', 'no password on standard input');
  }
  const first = await askHidden('Password: ');
  const second = await askHidden('Password again: ');
  if (first !== second) throw new RectoError('INVALID_OPTIONS', 'the two passwords differ');
  return first;
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    const input = process.stdin;
    process.stderr.write(prompt);
    input.setRawMode(true);
    input.resume();
    let typed = '';
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          input.setRawMode(false);
          input.pause();
          input.off('data', onData);
          process.stderr.write('\n');
          resolve(typed);
          return;
        }
        if (char === '\u0003') process.exit(130);
        typed = char === '\u007f' ? typed.slice(0, -1) : typed + char;
      }
    };
    input.on('data', onData);
  });
}
