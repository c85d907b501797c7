import cliProgress from 'cli-progress';
import type { ReindexProgress } from '../filing/reindex-documents.ts';

/** A run this long shows progress; a handful of documents is done before a bar would draw. */
const SHOWN_FROM = 50;
/** Off a terminal (a log, CI): one line per this many documents, so a long rebuild shows life without flooding the log. */
const LINE_EVERY = 500;

/** Progress of `recto search reindex` on stderr: a bar on a terminal, a line now and then elsewhere. */
export function createReindexProgress(stream: NodeJS.WriteStream): ReindexProgress & { stop(): void } {
  let total = 0;
  let done = 0;
  let bar: cliProgress.SingleBar | undefined;
  return {
    onStart(count) {
      total = count;
      if (total < SHOWN_FROM || !stream.isTTY) return;
      bar = new cliProgress.SingleBar({ stream, format: ' {bar} {value}/{total} documents', hideCursor: true }, cliProgress.Presets.shades_classic);
      bar.start(total, 0);
    },
    onDocumentDone() {
      done++;
      if (bar) bar.increment();
      else if (total >= SHOWN_FROM && (done % LINE_EVERY === 0 || done === total)) stream.write(`reindexed ${done} of ${total} documents\n`);
    },
    stop: () => bar?.stop(),
  };
}
