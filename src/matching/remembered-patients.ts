import type { IndexedPatient, PatientIndex } from './patient-index.ts';

/**
 * A patient-index look-up for status pages, remembering answers for a few minutes: the upload
 * page polls every 3 s while documents move and names each filed document's patient, and a
 * FHIR index should not be asked the same 50 questions every 3 s. Filing itself never uses
 * this (it must see the index as it is now); a name shown a few minutes stale is harmless.
 * Failures are not remembered, so an index back from an outage is asked again at once.
 */
export function rememberedPatients(index: Pick<PatientIndex, 'findByNhsNumber'>, options: { ttlMs?: number; max?: number } = {}) {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const max = options.max ?? 1000;
  const remembered = new Map<string, { until: number; patient: IndexedPatient | null }>();
  return async (nhsNumber: string): Promise<IndexedPatient | null> => {
    const now = Date.now();
    const known = remembered.get(nhsNumber);
    if (known && known.until > now) return known.patient;
    const patient = await index.findByNhsNumber(nhsNumber);
    // Oldest first out when full (a Map keeps insertion order).
    remembered.delete(nhsNumber);
    if (remembered.size >= max) remembered.delete(remembered.keys().next().value!);
    remembered.set(nhsNumber, { until: now + ttlMs, patient });
    return patient;
  };
}
