import type { Bundle, HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { z } from 'zod';
import { RectoError } from '../core/errors.ts';
import { askFhirServer, describeAnswer, FhirConnectionSchema, tokenSearchValue } from '../sinks/fhir/fhir-connection.ts';
import { NHS_NUMBER_SYSTEM, ODS_ORGANIZATION_SYSTEM } from '../sinks/fhir/nhs-systems.ts';
import { normaliseNamePart } from './name-agreement.ts';
import type { IndexedPatient, PatientIndex } from './patient-index.ts';

/**
 * The trust's patients as a FHIR server's Patient search answers them (a PAS / EPR FHIR
 * facade, or a copy of PDS). Lookups are exact token searches on identifiers. Inactive and
 * merged (replaced-by) records, and identifiers marked old, are not answers: a document is
 * only ever filed to a record in use, under a number the patient still has.
 *
 * Two NHS records carrying the same NHS number is a data problem for a person, not a case
 * for picking one: findByNhsNumber throws INVALID_PATIENT_INDEX (permanent) naming the
 * Patient ids, so the matcher sends the document to review with the reason instead of
 * filing it, and instead of "not found", which would hide the duplicate.
 */
export const FhirPatientIndexConfigSchema = FhirConnectionSchema.extend({
  /** The trust's hospital-number (MRN) identifier system on Patient.identifier. */
  mrnIdentifierSystem: z.url(),
});

export type FhirPatientIndexOptions = z.input<typeof FhirPatientIndexConfigSchema>;
type FhirPatientIndexConfig = z.infer<typeof FhirPatientIndexConfigSchema>;

/** More than this many patients on one hospital number is a broken index, not an answer. */
const PAGE_SIZE = 20;

export class FhirPatientIndex implements PatientIndex {
  private readonly config: FhirPatientIndexConfig;

  constructor(options: FhirPatientIndexOptions) {
    const result = FhirPatientIndexConfigSchema.safeParse(options);
    if (!result.success) throw new RectoError('INVALID_OPTIONS', `FHIR patient index: ${z.prettifyError(result.error)}`);
    this.config = result.data;
  }

  async findByNhsNumber(nhsNumber: string): Promise<IndexedPatient | null> {
    // Anything else cannot be an NHS number; asking would only risk a loose match.
    if (!/^\d{10}$/.test(nhsNumber)) return null;
    const wanted = { system: NHS_NUMBER_SYSTEM, value: nhsNumber };
    const patients = await this.searchByIdentifier(wanted, 'an NHS number');
    if (patients.length > 1) {
      throw new RectoError(
        'INVALID_PATIENT_INDEX',
        `${patients.length} Patient records (${patients.map(patientLabel).join(', ')}) on ${this.config.baseUrl} carry the same NHS number: a person must decide which is right`,
      );
    }
    return patients.length === 1 ? this.toIndexedPatient(patients[0], nhsNumber) : null;
  }

  async findByMrn(mrn: string): Promise<IndexedPatient[]> {
    const wanted = { system: this.config.mrnIdentifierSystem, value: mrn.trim() };
    if (!wanted.value) return [];
    const patients = await this.searchByIdentifier(wanted, 'a hospital number');
    return patients.map((patient) => this.toIndexedPatient(patient));
  }

  /**
   * FHIR's `family` search is loose (starts-with, any of the patient's names), so the answers are
   * kept only when the name in use now has exactly this family name (normalised as names are
   * compared everywhere: case, accents, hyphens and spaces) and the birth date is this one.
   */
  async findByNameAndBirthDate(family: string, birthDate: string): Promise<IndexedPatient[]> {
    const wanted = normaliseNamePart(family);
    if (!wanted || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return [];
    const query = new URLSearchParams({ family: family.trim(), birthdate: birthDate, _count: String(PAGE_SIZE) });
    const patients = await this.search(query, 'a family name and date of birth');
    return patients
      .map((patient) => this.toIndexedPatient(patient))
      .filter((patient) => normaliseNamePart(patient.family) === wanted && patient.birthDate === birthDate);
  }

  /** Patients that really carry `wanted`: a server ignoring the parameter must not return "everyone". */
  private async searchByIdentifier(wanted: Identifier & { system: string; value: string }, what: string): Promise<Patient[]> {
    const query = new URLSearchParams({ identifier: tokenSearchValue(wanted.system, wanted.value), _count: String(PAGE_SIZE) });
    const patients = await this.search(query, what);
    return patients.filter((patient) => (patient.identifier ?? []).some((id) => isCurrentIdentifier(id) && id.system === wanted.system && id.value?.trim() === wanted.value));
  }

  /** The current (active, not merged) Patient records a search answers; PATIENT_INDEX_UNAVAILABLE when it cannot be asked. */
  private async search(query: URLSearchParams, what: string): Promise<Patient[]> {
    const answer = await askFhirServer(this.config, { method: 'GET', path: `Patient?${query}` });
    const doing = `Searching ${this.config.baseUrl} for ${what}`;
    if (!answer.reached || answer.status !== 200) {
      throw new RectoError('PATIENT_INDEX_UNAVAILABLE', `${doing}: ${describeAnswer(answer)}`, {
        cause: answer.reached ? undefined : answer.cause,
      });
    }
    const bundle = answer.body as Bundle | undefined;
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') {
      throw new RectoError('PATIENT_INDEX_UNAVAILABLE', `${doing}: the answer was not a searchset Bundle`);
    }
    if (bundle.link?.some((link) => link.relation === 'next')) {
      throw new RectoError('INVALID_PATIENT_INDEX', `${doing}: more than ${PAGE_SIZE} Patient records carry it`);
    }
    return (bundle.entry ?? [])
      // Only matches: an `_include`d resource or a warning OperationOutcome is not an answer.
      .filter((entry) => entry.search?.mode === undefined || entry.search.mode === 'match')
      .map((entry) => entry.resource)
      .filter((resource): resource is Patient => resource?.resourceType === 'Patient')
      .filter(isCurrentRecord);
  }

  private toIndexedPatient(patient: Patient, nhsNumber?: string): IndexedPatient {
    const name = officialName(patient.name ?? []);
    const identifiers = patient.identifier ?? [];
    const practice = (patient.generalPractitioner ?? []).find((gp) => gp.identifier?.system === ODS_ORGANIZATION_SYSTEM);
    return {
      // Empty when the record has none (found by hospital number only): it then agrees with no NHS number read.
      nhsNumber: nhsNumber ?? currentValue(identifiers, NHS_NUMBER_SYSTEM).replace(/\s/g, ''),
      given: name?.given ?? [],
      family: name?.family ?? '',
      // Partial dates (YYYY, YYYY-MM) agree with no date read off a page, so they are left out.
      birthDate: /^\d{4}-\d{2}-\d{2}$/.test(patient.birthDate ?? '') ? (patient.birthDate as string) : '',
      mrns: identifiers
        .filter((id) => id.system === this.config.mrnIdentifierSystem && isCurrentIdentifier(id) && id.value)
        .map((id) => (id.value as string).trim()),
      ...(practice?.identifier?.value ? { gpPracticeOds: practice.identifier.value } : {}),
    };
  }
}

/** The name in use now, as registered: official first, then usual, then any that is not old. */
function officialName(names: HumanName[]): HumanName | undefined {
  const current = names.filter((name) => name.use !== 'old' && !hasEnded(name.period?.end));
  return current.find((name) => name.use === 'official') ?? current.find((name) => name.use === 'usual') ?? current[0];
}

function hasEnded(end: string | undefined): boolean {
  return end !== undefined && Date.parse(end) < Date.now();
}

function currentValue(identifiers: Identifier[], system: string): string {
  return identifiers.find((id) => id.system === system && isCurrentIdentifier(id))?.value ?? '';
}

/**
 * A record a document may be filed to: not marked inactive (`active: false`, e.g. entered in
 * error or retired), and not merged into another (a `replaced-by` link, FHIR R4 Patient.link:
 * "must no longer be used"). Filing to either would put the document where nobody looks; the
 * surviving record is found by its own identifiers, or the document goes to review.
 */
function isCurrentRecord(patient: Patient): boolean {
  return patient.active !== false && !(patient.link ?? []).some((link) => link.type === 'replaced-by');
}

/** An identifier the patient still goes by: not `use: old` and not past its period's end. */
function isCurrentIdentifier(identifier: Identifier): boolean {
  return identifier.use !== 'old' && !hasEnded(identifier.period?.end);
}

function patientLabel(patient: Patient): string {
  return patient.id ? `Patient/${patient.id}` : 'a Patient without id';
}
