import { chainHash, type ChainedEventRow, GENESIS_HASH } from './audit-chain.ts';
import type { ChainBreak, ChainVerification } from './audit-log.ts';

export interface StoredChainRow extends ChainedEventRow {
  hash: string;
}

/**
 * Walks the chain in id order and names each break. Every event is checked three ways: its id
 * follows the one before (else events were deleted), its hash matches its contents (else it was
 * changed), and its prev_hash is the hash of the event before (else it was not written after
 * that event). Whether the next event still links to its stored hash tells an edit (contents
 * changed, link columns left alone) from a replacement (the whole row rewritten, hash and all).
 *
 * Rows are pushed one at a time (a store reads them in batches, letting other work run between
 * them); each is judged once the row after it has arrived.
 */
export class ChainVerifier {
  private readonly breaks: ChainBreak[] = [];
  private events = 0;
  private previous: { row: StoredChainRow; intact: boolean } | null = null;
  private pending: StoredChainRow | null = null;

  constructor(private readonly key: Buffer) {}

  push(row: StoredChainRow): void {
    if (this.pending) this.judge(this.pending, row);
    this.pending = row;
  }

  /**
   * `sequenceHighWater` is the highest id ever handed out (SQLite's AUTOINCREMENT sequence):
   * above the last event, it shows events deleted from the end, which no later link can show.
   */
  finish(sequenceHighWater: number): ChainVerification {
    if (this.pending) this.judge(this.pending, null);
    this.pending = null;
    const lastId = this.previous?.row.id ?? 0;
    if (sequenceHighWater > lastId) {
      this.breaks.push({
        id: lastId + 1,
        kind: 'deleted',
        problem: `${describeIds(lastId + 1, sequenceHighWater)} deleted from the end of the log (events were written up to ${sequenceHighWater})`,
      });
    }
    const head = this.previous ? { id: this.previous.row.id, hash: this.previous.row.hash } : null;
    const breaks = [...this.breaks];
    return { ok: breaks.length === 0, events: this.events, head, ...(breaks.length > 0 ? { firstBroken: breaks[0] } : {}), breaks };
  }

  private judge(row: StoredChainRow, following: StoredChainRow | null): void {
    this.events++;
    const intact = chainHash(this.key, row) === row.hash;
    this.breaks.push(...breaksAt(row, this.previous, following, intact));
    this.previous = { row, intact };
  }
}

/** The whole chain at once, for rows already in hand. */
export function verifyChain(rows: Iterable<StoredChainRow>, key: Buffer, sequenceHighWater: number): ChainVerification {
  const verifier = new ChainVerifier(key);
  for (const row of rows) verifier.push(row);
  return verifier.finish(sequenceHighWater);
}

function breaksAt(
  row: StoredChainRow,
  previous: { row: StoredChainRow; intact: boolean } | null,
  following: StoredChainRow | null,
  intact: boolean,
): ChainBreak[] {
  const found: ChainBreak[] = [];
  const expectedId = (previous?.row.id ?? 0) + 1;
  const gap = row.id !== expectedId;
  if (gap) {
    const after = previous ? `from event ${previous.row.id}` : 'from the start of the log';
    found.push({ id: expectedId, kind: 'deleted', problem: `${describeIds(expectedId, row.id - 1)} deleted (the chain jumps ${after} to event ${row.id})` });
  }
  const linkedIn = row.prevHash === (previous?.row.hash ?? GENESIS_HASH);
  const linkedOut = following ? following.prevHash === row.hash : null;
  if (!intact) {
    if (linkedOut === true) {
      found.push({ id: row.id, kind: 'edited', problem: `audit event ${row.id} was edited after it was written (hash mismatch)` });
    } else if (linkedOut === false) {
      found.push({
        id: row.id,
        kind: 'replaced',
        problem: `audit event ${row.id} was replaced: its contents and its hash both differ from what event ${following!.id} was chained to`,
      });
    } else if (linkedIn || gap) {
      found.push({
        id: row.id,
        kind: 'edited',
        problem: `audit event ${row.id} was edited after it was written, or added without the audit key (hash mismatch)`,
      });
    } else {
      found.push({ id: row.id, kind: 'replaced', problem: `audit event ${row.id} was replaced: it does not match its hash and is not chained to event ${previous?.row.id ?? 'before it'}` });
    }
  } else if (!linkedIn && !gap && (previous === null || previous.intact)) {
    // A well-formed event that names another predecessor: written by someone holding the key, but not after the event before it.
    const predecessor = previous ? `event ${previous.row.id}` : 'the start of the log';
    found.push({ id: row.id, kind: 'inserted', problem: `audit event ${row.id} was inserted out of order: it is not chained to ${predecessor}` });
  }
  return found;
}

function describeIds(from: number, to: number): string {
  return from === to ? `audit event ${from} was` : `audit events ${from}–${to} were`;
}
