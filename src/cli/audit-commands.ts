import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import { AUDIT_EXPORTED, AUDIT_VIEWERS_LISTED } from '../audit/audit-actions.ts';
import type { ChainVerification } from '../audit/audit-log.ts';
import { EXIT, RectoError } from '../core/errors.ts';
import { compactNhsNumber, formatNhsNumber, isValidNhsNumber } from '../core/nhs-number.ts';
import { DEFAULT_DATA_DIR, type EmbeddedStorage, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { cliActor } from './cli-actor.ts';
import { reportFailure } from './cli-failure.ts';

/** verify exits 0 when the log is intact and 1 when it is broken; an error, its code's exit status (README "Exit codes"). */
const BROKEN = EXIT.failed;

interface StoreFlags {
  dataDir: string;
  keyFile?: string;
}

/** `recto audit verify | export | viewers`: the audit log for the people who answer for it. */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('check, export and query the audit log (who did or saw what, when, from where)');
  const storeOptions = (command: Command) =>
    command
      .addOption(new Option('--data-dir <dir>', 'the data folder the service uses').env('DATA_DIR').default(DEFAULT_DATA_DIR))
      .option('--key-file <file>', 'the audit key (default: audit.key in the data folder)');

  storeOptions(audit.command('verify').description('check the hash chain: exits 0 when intact, 1 naming each broken link'))
    .option('--json', 'print the result as JSON')
    .action((flags: StoreFlags & { json?: boolean }) => withStorage('verify', flags, (storage) => verify(storage, flags.json === true)));

  storeOptions(audit.command('export').description('write the audit log as CSV (oldest first), safe to open in a spreadsheet'))
    .option('--from <time>', 'events at or after this time (ISO 8601; a date alone is the start of that day, UTC)')
    .option('--to <time>', 'events before this time (a date alone includes that whole day, UTC)')
    .option('--out <file>', 'write to this file (written whole or not at all) instead of standard output')
    .action((flags: StoreFlags & { from?: string; to?: string; out?: string }) => withStorage('export', flags, (storage) => exportLog(storage, flags)));

  storeOptions(audit.command('viewers').description("list every view or download of one patient's documents and review items"))
    .requiredOption('--nhs-number <number>', "the patient's NHS number")
    .option('--json', 'print the list as JSON')
    .action((flags: StoreFlags & { nhsNumber: string; json?: boolean }) => withStorage('viewers', flags, (storage) => viewers(storage, flags)));
}

async function withStorage(name: string, flags: StoreFlags, run: (storage: EmbeddedStorage) => Promise<number>): Promise<void> {
  let storage: EmbeddedStorage | undefined;
  try {
    const dataDir = path.resolve(flags.dataDir);
    // Checking must not create: an empty new database would "verify" perfectly.
    if (!existsSync(path.join(dataDir, 'recto.sqlite'))) throw new RectoError('INPUT_NOT_FOUND', `no Recto database in ${dataDir} (give --data-dir or DATA_DIR)`);
    storage = openEmbeddedStorage({ dataDir, auditKeyFile: flags.keyFile });
    process.exitCode = await run(storage);
  } catch (error) {
    process.exitCode = reportFailure(`audit ${name}`, error);
  } finally {
    await storage?.close();
  }
}

async function verify(storage: EmbeddedStorage, json: boolean): Promise<number> {
  const result = await storage.audit.verify();
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else if (result.ok) process.stdout.write(`audit log intact: ${result.events} events${headLine(result)}\n`);
  else {
    process.stderr.write(`${result.firstBroken!.problem}\n`);
    process.stderr.write(`audit log BROKEN: ${result.breaks.length} break${result.breaks.length === 1 ? '' : 's'} in ${result.events} events:\n`);
    for (const broken of result.breaks) process.stderr.write(`  ${broken.kind.padEnd(8)} ${broken.problem}\n`);
  }
  return result.ok ? 0 : BROKEN;
}

function headLine(result: ChainVerification): string {
  // Worth writing down elsewhere: a later verify can only show the end of the log was cut off if someone knows where it was.
  return result.head ? `; last event ${result.head.id}, hash ${result.head.hash}` : '';
}

async function exportLog(storage: EmbeddedStorage, flags: { from?: string; to?: string; out?: string }): Promise<number> {
  const range = { from: flags.from === undefined ? undefined : parseTime(flags.from, 'from'), to: flags.to === undefined ? undefined : parseTime(flags.to, 'to') };
  await storage.audit.append({
    actor: cliActor(),
    action: AUDIT_EXPORTED,
    subjectId: 'audit-log',
    details: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, out: flags.out ? path.resolve(flags.out) : 'stdout' },
  });
  if (!flags.out) {
    await storage.audit.exportCsv(process.stdout, range);
    return 0;
  }
  const target = path.resolve(flags.out);
  const partial = `${target}.${process.pid}.part`;
  try {
    const file = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    const { rows } = await storage.audit.exportCsv(file, range);
    file.end();
    await finished(file);
    renameSync(partial, target);
    process.stderr.write(`exported ${rows} audit events to ${target}\n`);
    return 0;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

async function viewers(storage: EmbeddedStorage, flags: { nhsNumber: string; json?: boolean }): Promise<number> {
  const nhsNumber = compactNhsNumber(flags.nhsNumber);
  if (!isValidNhsNumber(nhsNumber)) throw new RectoError('INVALID_OPTIONS', `--nhs-number ${flags.nhsNumber} is not a valid NHS number (10 digits, modulus 11 check)`);
  // Not as the event's patient reference: that would make the audit log itself "the patient's".
  await storage.audit.append({ actor: cliActor(), action: AUDIT_VIEWERS_LISTED, subjectId: 'audit-log', details: { nhsNumber } });
  const accesses = await storage.audit.viewersOfPatient(nhsNumber);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(accesses, null, 2)}\n`);
    return 0;
  }
  if (accesses.length === 0) {
    process.stdout.write(`no views of the documents of patient ${formatNhsNumber(nhsNumber)} are recorded\n`);
    return 0;
  }
  process.stdout.write(`${accesses.length} views of the documents of patient ${formatNhsNumber(nhsNumber)}:\n`);
  for (const access of accesses) {
    process.stdout.write(`${access.at}  ${access.actor.padEnd(16)} ${access.action.padEnd(20)} ${access.subjectId}  ${access.ip ?? '-'}\n`);
  }
  return 0;
}


const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseTime(text: string, which: 'from' | 'to'): Date {
  const time = new Date(DATE_ONLY.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time.getTime())) throw new RectoError('INVALID_OPTIONS', `--${which} ${text} is not a date or time (use ISO 8601, e.g. 2026-03-01 or 2026-03-01T09:30:00Z)`);
  if (which === 'to' && DATE_ONLY.test(text)) time.setUTCDate(time.getUTCDate() + 1);
  return time;
}
