import { Command } from 'commander';
import { EXIT } from '../core/errors.ts';
import { configureImageMemory } from '../core/image-memory.ts';
import { RECTO_VERSION } from '../core/version.ts';
import { registerAccountCommands } from './account-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { reportFailure } from './cli-failure.ts';
import { registerScanCommand } from './scan-command.ts';
import { registerSearchCommand } from './search-command.ts';
import { registerServiceCommands } from './service-commands.ts';

const program = new Command()
  .name('recto')
  .description('Recto: turn paper scans into searchable PDF/A, text and JSON for NHS record systems')
  .version(RECTO_VERSION)
  // Commander exits 1 on a bad option or argument; Recto keeps 1 for "some documents failed"
  // and says usage errors with 2, as its own INVALID_OPTIONS does. Set before the commands are
  // added, so each inherits it.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage))
  // Options belong to the command they follow: `recto search reindex --data-dir X` is reindex's
  // --data-dir, not the search's (commander hands them to the parent otherwise). Inherited by
  // every command added after this.
  .enablePositionalOptions();

configureImageMemory();
registerScanCommand(program);
registerServiceCommands(program);
registerAccountCommands(program);
registerAuditCommands(program);
registerSearchCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Commands report their own errors; what reaches here escaped one, and says so with its code's exit status.
  process.exitCode = reportFailure(program.args[0] ?? 'recto', error);
}
