import { SqliteSearchIndex } from '../../src/search/sqlite-search-index.ts';
import { documentOf, testNhsNumber } from '../unit/search-test-documents.ts';

/**
 * A process that indexes and searches one shared index file, as the API and each worker will,
 * for the test that several processes at once neither fail nor lose a document.
 * Usage: node --import tsx search-index-writer-child.ts INDEX_FILE NAME COUNT
 * It opens the index (possibly creating it while another process does the same), prints
 * "ready", and starts when a line arrives on stdin, so every process starts at one moment.
 */
const [file, name, countText] = process.argv.slice(2);
const index = SqliteSearchIndex.open(file);
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const nhsNumber = testNhsNumber(name.length);
for (let n = 0; n < Number(countText); n++) {
  // Gaps between writes, as real work has: back to back, one process would hold SQLite's
  // (unfair) write lock for its whole run and the other would only wait.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 2));
  const id = `${name}-${n}`;
  // Indexed twice, the second time as a correction: only the second version may remain.
  await index.indexDocument(documentOf(id, [`draft ${name} ${n}`], { nhsNumber }));
  await index.indexDocument(documentOf(id, [`bronchiectasis ${name} ${n}`, 'second page'], { nhsNumber }));
  await index.search({ text: 'bronchiectasis', limit: 5 });
}
await index.close();
process.stdout.write(`${name} indexed ${countText}\n`);
