import { RectoError } from '../core/errors.ts';
import { normaliseNamePart } from './name-agreement.ts';
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
  /** Keyed by normalised family name and birth date, e.g. "obrien|1939-06-12". */
  private readonly byNameAndBirthDate = new Map<string, IndexedPatient[]>();

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
      const key = nameAndBirthDateKey(patient.family, patient.birthDate);
      if (key) this.byNameAndBirthDate.set(key, [...(this.byNameAndBirthDate.get(key) ?? []), patient]);
    }
    this.size = this.byNhsNumber.size;
  }

  async findByNhsNumber(nhsNumber: string): Promise<IndexedPatient | null> {
    return this.byNhsNumber.get(nhsNumber) ?? null;
  }

  async findByMrn(mrn: string): Promise<IndexedPatient[]> {
    return [...(this.byMrn.get(normaliseMrn(mrn)) ?? [])];
  }

  async findByNameAndBirthDate(family: string, birthDate: string): Promise<IndexedPatient[]> {
    const key = nameAndBirthDateKey(family, birthDate);
    return key ? [...(this.byNameAndBirthDate.get(key) ?? [])] : [];
  }
}

/** Null when either part is missing: an empty family name must not find everyone born that day. */
function nameAndBirthDateKey(family: string, birthDate: string): string | null {
  const name = normaliseNamePart(family);
  return name && /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? `${name}|${birthDate}` : null;
}
