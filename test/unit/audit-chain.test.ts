import { describe, expect, it } from 'vitest';
import { chainHash, type ChainedEventRow, GENESIS_HASH } from '../../src/audit/audit-chain.ts';
import { type StoredChainRow, verifyChain } from '../../src/audit/verify-chain.ts';

/** The chain's rules on their own: how each kind of tampering is told apart. */

const KEY = Buffer.alloc(32, 7);

function chain(length: number): StoredChainRow[] {
  const rows: StoredChainRow[] = [];
  for (let id = 1; id <= length; id++) {
    const row: ChainedEventRow = {
      id, at: 1_800_000_000_000 + id, actor: `user.${id}`, action: 'document.viewed', subjectId: 'doc_1', ip: '10.0.0.1',
      details: JSON.stringify({ page: id }), before: null, after: null, patientNhsNumber: '9990000018', prevHash: rows[id - 2]?.hash ?? GENESIS_HASH,
    };
    rows.push({ ...row, hash: chainHash(KEY, row) });
  }
  return rows;
}

const kinds = (rows: StoredChainRow[], highWater = rows.at(-1)?.id ?? 0) => verifyChain(rows, KEY, highWater).breaks.map((broken) => [broken.id, broken.kind]);

describe('verifyChain', () => {
  it('accepts an intact chain, and an empty one', () => {
    expect(verifyChain(chain(5), KEY, 5)).toMatchObject({ ok: true, events: 5, head: { id: 5 }, breaks: [] });
    expect(verifyChain([], KEY, 0)).toEqual({ ok: true, events: 0, head: null, breaks: [] });
  });

  it('hashes every field: changing any one of them is an edit', () => {
    const fields = ['at', 'actor', 'action', 'subjectId', 'ip', 'details', 'before', 'after', 'patientNhsNumber'] as const;
    for (const field of fields) {
      const rows = chain(3);
      (rows[1] as unknown as Record<string, unknown>)[field] = field === 'at' ? 1 : field === 'details' || field === 'before' || field === 'after' ? '{"page":99}' : 'changed';
      expect(kinds(rows), field).toEqual([[2, 'edited']]);
    }
  });

  it('tells an edit (link columns kept) from a replacement (hash rewritten) and a deletion (id gap)', () => {
    const replaced = chain(4);
    replaced[1] = { ...replaced[1], actor: 'forger', hash: 'f'.repeat(64) };
    expect(kinds(replaced)).toEqual([[2, 'replaced']]);

    const deleted = chain(5).filter((row) => row.id !== 3);
    expect(verifyChain(deleted, KEY, 5).breaks).toEqual([{ id: 3, kind: 'deleted', problem: 'audit event 3 was deleted (the chain jumps from event 2 to event 4)' }]);
    expect(kinds(chain(5).slice(2), 5)).toEqual([[1, 'deleted']]);
    expect(verifyChain(chain(5).slice(0, 3), KEY, 5).breaks).toEqual([
      { id: 4, kind: 'deleted', problem: 'audit events 4–5 were deleted from the end of the log (events were written up to 5)' },
    ]);
  });

  it('names a well-formed event chained to the wrong predecessor as inserted out of order', () => {
    const rows = chain(3);
    const forked: ChainedEventRow = { ...rows[2], id: 4, prevHash: rows[1].hash };
    expect(kinds([...rows, { ...forked, hash: chainHash(KEY, forked) }])).toEqual([[4, 'inserted']]);
  });

  it('does not verify under another key', () => {
    expect(verifyChain(chain(2), Buffer.alloc(32, 8), 2).ok).toBe(false);
  });
});
