import cliProgress from 'cli-progress';
import type { BatchProgress, DocumentOutcome } from '../runners/scan-batch.ts';

/**
 * Progress for people: a bar per document on a terminal; on a log or CI (not a TTY), one line
 * per finished document, so a long batch shows life without flooding the log.
 */
export function createProgressDisplay(stream: NodeJS.WriteStream, enabled: boolean): BatchProgress & { stop(): void } {
  if (!enabled) return { stop: () => undefined };
  if (!stream.isTTY) {
    return {
      onDocumentDone: (outcome) => stream.write(`${describeOutcome(outcome)}\n`),
      stop: () => undefined,
    };
  }
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {value}/{total} pages  {name}  {status}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const byDocument = new Map<string, cliProgress.SingleBar>();
  return {
    onDocumentStart(fileName, pages) {
      byDocument.set(fileName, bars.create(pages, 0, { name: fileName, status: '' }));
    },
    onPageDone(fileName) {
      byDocument.get(fileName)?.increment();
    },
    onDocumentDone(outcome) {
      const bar = byDocument.get(outcome.fileName);
      if (bar) {
        bar.update({ status: outcome.status === 'done' ? '✓' : `✗ ${outcome.error.code}` });
      } else {
        bars.log(`${describeOutcome(outcome)}\n`);
      }
    },
    stop: () => bars.stop(),
  };
}

function describeOutcome(outcome: DocumentOutcome): string {
  // The full reason is printed once, at the end, with the other failures.
  if (outcome.status === 'failed') return `  ${outcome.fileName}: failed (${outcome.error.code})`;
  const seconds = (outcome.timingsMs.total / 1000).toFixed(1);
  return `✓ ${outcome.fileName}: ${outcome.pages} page(s), confidence ${outcome.meanConfidence}, ${seconds}s`;
}
