import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { toSafeCsv } from '../../core/csv-cell.ts';
import { RectoError } from '../../core/errors.ts';
import { replaceFileDurably } from '../../core/durable-write.ts';
import { METADATA_COLUMNS, type MetadataRow } from './metadata-row.ts';

/**
 * Keeping one metadata.csv for a drop folder that several workers (threads or processes) deliver
 * into at once, without locks. Each delivery first records its row as its own small file in the
 * ledger (`.recto/rows/<key>.json`, created once, atomically); the ledger is the truth and
 * metadata.csv a view of it. To refresh the view a delivery reads the CSV, adds any ledger rows
 * it lacks, replaces the CSV atomically (temp + rename), and repeats until a read shows nothing
 * missing. Why no row is lost: the last writer to replace the CSV re-checked the ledger *after*
 * its replace, and every other delivery's row was in the ledger before that writer's replace,
 * so the last CSV holds them all. A crash between ledger and CSV is mended by the next delivery
 * (or the retry). Rows stay sorted by FILEPATH so the file is the same whoever writes it last.
 */

const MAX_ROUNDS = 50;
const ROW_FILE = /^[0-9a-f]{64}\.json$/;

/** The ledger file name for a FILEPATH. */
export function ledgerKeyFor(filePath: string): string {
  return `${createHash('sha256').update(filePath).digest('hex')}.json`;
}

export async function refreshMetadataCsv(csvPath: string, rowsFolder: string): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await readMetadataCsv(csvPath);
    const listed = new Set(current.keys());
    const missing = (await readdir(rowsFolder)).filter((name) => ROW_FILE.test(name) && !listed.has(name));
    if (missing.length === 0) return;
    for (const name of missing) {
      const row = JSON.parse(await readFile(path.join(rowsFolder, name), 'utf8')).row as MetadataRow;
      current.set(name, row);
    }
    const rows = [...current.values()].sort((a, b) => (a.FILEPATH < b.FILEPATH ? -1 : a.FILEPATH > b.FILEPATH ? 1 : 0));
    // CRLF, as RFC 4180 and the spreadsheets suppliers open it in expect; formula-like cells
    // (an uploader's name "=HYPERLINK(...)") neutralised, and so unchanged when read back here.
    await replaceFileDurably(csvPath, toSafeCsv(rows, METADATA_COLUMNS));
  }
  throw new RectoError('SINK_UNAVAILABLE', `${csvPath} kept changing under concurrent deliveries; the delivery will be retried`);
}

/** The CSV's rows by ledger key; an absent or unreadable-as-CSV file counts as empty and is rebuilt from the ledger. */
async function readMetadataCsv(csvPath: string): Promise<Map<string, MetadataRow>> {
  let text: string;
  try {
    text = await readFile(csvPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  let rows: MetadataRow[];
  try {
    rows = parse(text, { columns: true, bom: true, skip_empty_lines: true }) as MetadataRow[];
  } catch {
    return new Map();
  }
  return new Map(rows.filter((row) => row.FILEPATH).map((row) => [ledgerKeyFor(row.FILEPATH), row]));
}
