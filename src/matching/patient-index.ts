/**
 * Where the trust's patients are looked up: a CSV export (csv-patient-index.ts) or a FHIR
 * server's Patient search (fhir-patient-index.ts). Lookups are exact, never fuzzy: matching
 * rules decide what agreement is enough, and anything short of it goes to a person.
 */

export interface IndexedPatient {
  /** 10 digits, no spaces. */
  nhsNumber: string;
  given: string[];
  family: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** Hospital numbers (MRNs) the trust holds for this patient. */
  mrns: string[];
  /** The registered GP practice's ODS code, e.g. "A81001". */
  gpPracticeOds?: string;
}

export interface PatientIndex {
  /** Throws PATIENT_INDEX_UNAVAILABLE (retryable) when the index cannot be asked. */
  findByNhsNumber(nhsNumber: string): Promise<IndexedPatient | null>;
  findByMrn(mrn: string): Promise<IndexedPatient[]>;
  /**
   * Everyone with exactly this family name (compared with normaliseNamePart: case, accents,
   * hyphens and spaces) born on this date (YYYY-MM-DD): how a reviewer finds a patient whose
   * page shows no usable number. Never fuzzy: "Smith" does not find "Smith-Jones" or "Smyth".
   */
  findByNameAndBirthDate(family: string, birthDate: string): Promise<IndexedPatient[]>;
  close?(): Promise<void>;
}
