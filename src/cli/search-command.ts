import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { SEARCH_RESULTS_VIEWED } from '../audit/audit-actions.ts';
import { RectoError } from '../core/errors.ts';
import { compactNhsNumber } from '../core/nhs-number.ts';
import type { SearchQuery } from '../search/search-index.ts';
import { requestedDocumentTypes, validateSearchQuery } from '../search/validate-search-query.ts';
import { DEFAULT_DATA_DIR, type EmbeddedStorage, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { cliActor } from './cli-actor.ts';
import { reportFailure } from './cli-failure.ts';
import { registerReindexCommand } from './reindex-command.ts';
import { formatSearchTable } from './search-table.ts';

interface SearchFlags {
  nhs?: string;
  mrn?: string;
  name?: string;
  birthDate?: string;
  type?: string[];
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
  dataDir: string;
}

/**
 * `recto search`: the service's search, run on the machine holding the data folder, reading its
 * index directly (as `recto audit` reads the log). Whoever can read the data folder can read
 * every document, so there is no role check here; like the API, every search is audited (as
 * `cli:<account>`) before anything is shown.
 */
export function registerSearchCommand(program: Command): void {
  const search = program.command('search');
  registerReindexCommand(search);
  search
    .description("search the captured documents' text (words, \"quoted phrases\", prefix*), by patient, type and date")
    .argument('[query]', 'words to search for; leave out to list by the filters alone (newest first)')
    .option('--nhs <number>', "the patient's NHS number")
    .option('--mrn <number>', 'the hospital number')
    .option('--name <words>', "words in the patient's name")
    .option('--birth-date <date>', "the patient's date of birth (YYYY-MM-DD)")
    .addOption(new Option('--type <type>', 'a document type (repeat, or comma-separate, for several)').argParser((value: string, all: string[] | undefined) => [...(all ?? []), value]))
    .option('--from <date>', 'document date on or after (YYYY-MM-DD)')
    .option('--to <date>', 'document date on or before (YYYY-MM-DD)')
    .option('--limit <n>', 'documents per page, 1–100 (default 20)')
    .option('--cursor <cursor>', 'the next page of the same search (printed after a full page)')
    .option('--json', 'print the hits as JSON (snippets as segments, word boxes per page)')
    .addOption(new Option('--data-dir <dir>', 'the data folder the service uses').env('DATA_DIR').default(DEFAULT_DATA_DIR))
    .action(async (text: string | undefined, flags: SearchFlags) => {
      let storage: EmbeddedStorage | undefined;
      try {
        const query = queryOf(text, flags);
        // A bad search is refused before the data folder is opened or anything is recorded.
        validateSearchQuery(query);
        const dataDir = path.resolve(flags.dataDir);
        if (!existsSync(path.join(dataDir, 'recto.sqlite'))) throw new RectoError('INPUT_NOT_FOUND', `no Recto database in ${dataDir} (give --data-dir or DATA_DIR)`);
        storage = openEmbeddedStorage({ dataDir });
        const page = await storage.search.search(query);
        const nhsNumber = query.nhsNumber === undefined ? null : compactNhsNumber(query.nhsNumber);
        // Recorded before anything is printed, as the API records before it answers.
        await storage.audit.append({
          actor: cliActor(),
          action: SEARCH_RESULTS_VIEWED,
          // A search of one patient is about them; one across patients names none (see src/api/routes/search.ts).
          subjectId: nhsNumber ?? 'search',
          patientNhsNumber: nhsNumber,
          details: {
            via: 'cli',
            query: JSON.parse(JSON.stringify({ ...query, cursor: undefined })),
            hits: page.hits.length,
            shown: page.hits.map((hit) => hit.documentId),
            patientsShown: [...new Set(page.hits.flatMap((hit) => (hit.nhsNumber === null ? [] : [hit.nhsNumber])))],
          },
        });
        process.stdout.write(flags.json ? `${JSON.stringify(page, null, 2)}\n` : formatSearchTable(page));
      } catch (error) {
        process.exitCode = reportFailure('search', error);
      } finally {
        await storage?.close();
      }
    });
}

function queryOf(text: string | undefined, flags: SearchFlags): SearchQuery {
  if (flags.limit !== undefined && !/^\d{1,3}$/.test(flags.limit)) {
    throw new RectoError('INVALID_SEARCH_QUERY', `--limit ${flags.limit} is not a whole number from 1 to 100`);
  }
  return {
    text,
    nhsNumber: flags.nhs,
    mrn: flags.mrn,
    name: flags.name,
    birthDate: flags.birthDate,
    types: requestedDocumentTypes(flags.type) ?? [],
    from: flags.from,
    to: flags.to,
    limit: flags.limit === undefined ? undefined : Number(flags.limit),
    cursor: flags.cursor,
  };
}
