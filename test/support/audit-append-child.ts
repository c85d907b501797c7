import { openEmbeddedStorage } from '../../src/storage/open-embedded-storage.ts';

/**
 * A process that appends audit events as fast as it can, as the API and each worker do, for
 * the test that several processes writing at once still make one linear chain.
 * Usage: node --import tsx audit-append-child.ts DATA_DIR ACTOR COUNT
 * It prints "ready" once the store is open and starts when a line arrives on stdin, so the
 * test can start every process at the same moment. Half the events go through the review
 * store (as filing writes them), half straight to the log.
 */
const [dataDir, actor, countText] = process.argv.slice(2);
const storage = openEmbeddedStorage({ dataDir });
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
for (let n = 0; n < Number(countText); n++) {
  // Requests arrive with gaps between them; back to back, one process would hold SQLite's
  // (unfair) write lock for its whole run and the other would only wait.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
  const event = { actor, action: 'document.viewed', subjectId: `doc_${actor}_${n}`, ip: '127.0.0.1', details: { n } };
  if (n % 2 === 0) await storage.audit.append(event);
  else await storage.audit.append({ ...event, before: null, after: null });
}
await storage.close();
process.stdout.write(`${actor} appended ${countText}\n`);
