import { Command } from 'commander';
import { configureImageMemory } from '../core/image-memory.ts';
import { RECTO_VERSION } from '../core/version.ts';
import { registerAccountCommands } from './account-commands.ts';
import { registerAuditCommands } from './audit-commands.ts';
import { registerScanCommand } from './scan-command.ts';
import { registerServiceCommands } from './service-commands.ts';

const program = new Command()
  .name('recto')
  .description('Recto: turn paper scans into searchable PDF/A, text and JSON for NHS record systems')
  .version(RECTO_VERSION);

configureImageMemory();
registerScanCommand(program);
registerServiceCommands(program);
registerAccountCommands(program);
registerAuditCommands(program);

await program.parseAsync(process.argv);
