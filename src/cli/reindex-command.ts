import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { SEARCH_REINDEXED } from '../audit/audit-actions.ts';
import { EXIT, RectoError } from '../core/errors.ts';
import { openTrustServices, type TrustServices } from '../filing/open-trust-services.ts';
import { type ReindexSummary, reindexDocuments } from '../filing/reindex-documents.ts';
import { loadTrustConfig } from '../filing/trust-config.ts';
import { DEFAULT_DATA_DIR, type EmbeddedStorage, openEmbeddedStorage } from '../storage/open-embedded-storage.ts';
import { cliActor } from './cli-actor.ts';
import { reportFailure } from './cli-failure.ts';
import { createReindexProgress } from './reindex-progress.ts';

interface ReindexFlags {
  document?: string;
  trustConfig?: string;
  json?: boolean;
  dataDir: string;
}

/**
 * `recto search reindex`: rebuilds the search index (search.sqlite, not fsynced, derived) from
 * the stored documents, by the pipeline's rules (src/filing/reindex-document.ts). Filed and
 * approved documents are named as the trust's patient index gives the patient, so those need
 * --trust-config (as the service's TRUST_CONFIG); without it they are left as they are and
 * listed as skipped. Run on the machine holding the data folder; audited as `cli:<account>`.
 */
export function registerReindexCommand(search: Command): void {
  search
    .command('reindex')
    .description('rebuild the search index from the stored documents (all, or one), with the patient each was filed or approved to')
    .option('--document <id>', 'only this document')
    .addOption(new Option('--trust-config <file>', "the trust's settings: its patient index names the patients of filed and approved documents").env('TRUST_CONFIG'))
    .option('--json', 'print the summary as JSON')
    .addOption(new Option('--data-dir <dir>', 'the data folder the service uses').env('DATA_DIR').default(DEFAULT_DATA_DIR))
    .action(async (flags: ReindexFlags) => {
      let storage: EmbeddedStorage | undefined;
      let services: TrustServices | undefined;
      const progress = createReindexProgress(process.stderr);
      try {
        const dataDir = path.resolve(flags.dataDir);
        if (!existsSync(path.join(dataDir, 'recto.sqlite'))) throw new RectoError('INPUT_NOT_FOUND', `no Recto database in ${dataDir} (give --data-dir or DATA_DIR)`);
        services = flags.trustConfig ? await openPatientIndexOf(flags.trustConfig) : undefined;
        storage = openEmbeddedStorage({ dataDir });
        const sources = { storage, search: storage.search, audit: storage.audit, review: storage.review, patientIndex: services?.index ?? null };
        if (flags.document && !(await storage.metadata.getDocument(flags.document)) && !(await storage.search.documentHits(flags.document))) {
          throw new RectoError('DOCUMENT_NOT_FOUND', `no document ${flags.document} is stored or indexed`);
        }
        const summary = await reindexDocuments(sources, { documentId: flags.document, progress });
        progress.stop();
        await storage.audit.append({
          actor: cliActor(),
          action: SEARCH_REINDEXED,
          subjectId: flags.document ?? 'search',
          details: {
            via: 'cli',
            document: flags.document ?? null,
            indexed: summary.indexed,
            attributed: summary.attributed,
            removed: summary.removed.length,
            skipped: summary.skipped.length,
            failed: summary.failed.length,
          },
        });
        process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
        // Like `recto scan`: the command ran, but not every document could be done.
        if (summary.failed.length > 0) process.exitCode = EXIT.failed;
      } catch (error) {
        progress.stop();
        process.exitCode = reportFailure('search reindex', error);
      } finally {
        await storage?.close();
        await services?.close();
      }
    });
}

/** The trust configuration, checked whole, and its patient index (a CSV export is read now; sinks are never contacted here). */
async function openPatientIndexOf(file: string): Promise<TrustServices> {
  const { config, warnings } = await loadTrustConfig(file);
  for (const warning of warnings) process.stderr.write(`trust configuration: ${warning}\n`);
  return openTrustServices(config);
}

function formatSummary(summary: ReindexSummary): string {
  const lines = [
    `Indexed ${summary.indexed} document(s), ${summary.attributed} under a patient; removed ${summary.removed.length}; skipped ${summary.skipped.length}; failed ${summary.failed.length}.`,
    ...listed('Removed', summary.removed.map((entry) => `${entry.documentId}: ${entry.reason}`)),
    ...listed('Skipped', summary.skipped.map((entry) => `${entry.documentId}: ${entry.reason}`)),
    ...listed('Failed (run again once the cause is fixed)', summary.failed.map((entry) => `${entry.documentId}: ${entry.code}: ${entry.message}`)),
  ];
  return `${lines.join('\n')}\n`;
}

function listed(heading: string, entries: string[]): string[] {
  return entries.length === 0 ? [] : [`${heading}:`, ...entries.map((entry) => `  ${entry}`)];
}
