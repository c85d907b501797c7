import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import type { IndexedPatient } from '../../src/matching/patient-index.ts';
import { rememberedPatients } from '../../src/matching/remembered-patients.ts';

/** The status pages' patient look-up: each patient asked once for a while, an outage never remembered. */
describe('rememberedPatients', () => {
  const evelyn: IndexedPatient = { nhsNumber: '9993048143', given: ['Evelyn', 'Rose'], family: 'Marchetti', birthDate: '1948-09-17', mrns: [] };

  it('asks the index once per patient within the time, and again after it', async () => {
    const asked: string[] = [];
    const index = { findByNhsNumber: async (nhsNumber: string) => (asked.push(nhsNumber), nhsNumber === evelyn.nhsNumber ? evelyn : null) };
    const find = rememberedPatients(index, { ttlMs: 50 });
    expect(await find('9993048143')).toEqual(evelyn);
    expect(await find('9993048143')).toEqual(evelyn);
    expect(await find('9990000026')).toBeNull();
    expect(await find('9990000026')).toBeNull();
    expect(asked).toEqual(['9993048143', '9990000026']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await find('9993048143');
    expect(asked).toEqual(['9993048143', '9990000026', '9993048143']);
  });

  it('does not remember an outage, and forgets the oldest when full', async () => {
    let down = true;
    const asked: string[] = [];
    const index = {
      findByNhsNumber: async (nhsNumber: string) => {
        asked.push(nhsNumber);
        if (down) throw new RectoError('PATIENT_INDEX_UNAVAILABLE', 'connection refused');
        return nhsNumber === evelyn.nhsNumber ? evelyn : null;
      },
    };
    const find = rememberedPatients(index, { max: 1 });
    await expect(find('9993048143')).rejects.toMatchObject({ code: 'PATIENT_INDEX_UNAVAILABLE' });
    down = false;
    expect(await find('9993048143')).toEqual(evelyn);
    await find('9990000026');
    await find('9993048143');
    expect(asked).toEqual(['9993048143', '9993048143', '9990000026', '9993048143']);
  });
});
