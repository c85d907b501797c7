import { RectoError } from '../core/errors.ts';
import type { IndexedPatient, PatientIndex } from './patient-index.ts';

/**
 * A patient index held in memory: what the CSV index serves once its file is read, and a plain
 * index for tests. Lookups are exact; hospital numbers are compared without spaces and case,
 * because the same number is written "nb 441 7203" on one letter and "NB4417203" on another.
 */

export function normaliseMrn(mrn: string): string {
  return mrn.replace(/\s/g, '').toUpperCase();
}

export class InMemoryPatientIndex implements PatientIndex {
  readonly size: number;
  private readonly byNhsNumber = new Map<string, IndexedPatient>();
  private readonly byMrn = new Map<string, IndexedPatient[]>();

  /** Throws INVALID_PATIENT_INDEX when two entries share an NHS number: the index must not be ambiguous. */
  constructor(patients: Iterable<IndexedPatient>) {
    for (const patient of patients) {
      if (this.byNhsNumber.has(patient.nhsNumber)) {
        throw new RectoError('INVALID_PATIENT_INDEX', `NHS number ${patient.nhsNumber} appears more than once in the patient index`);
      }
      this.byNhsNumber.set(patient.nhsNumber, patient);
      for (const mrn of new Set(patient.mrns.map(normaliseMrn))) {
        const owners = this.byMrn.get(mrn) ?? [];
        owners.push(patient);
        this.byMrn.set(mrn, owners);
      }
    }
    this.size = this.byNhsNumber.size;
  }

  async findByNhsNumber(nhsNumber: string): Promise<IndexedPatient | null> {
    return this.byNhsNumber.get(nhsNumber) ?? null;
  }

  async findByMrn(mrn: string): Promise<IndexedPatient[]> {
    return [...(this.byMrn.get(normaliseMrn(mrn)) ?? [])];
  }
}
