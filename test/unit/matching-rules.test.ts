import { describe, expect, it } from 'vitest';
import { RectoError } from '../../src/core/errors.ts';
import type { ExtractedFields, ExtractedValue, PersonName } from '../../src/extract/extracted-fields.ts';
import { InMemoryPatientIndex } from '../../src/matching/in-memory-patient-index.ts';
import { matchPatient, type MatchOutcome } from '../../src/matching/match-patient.ts';
import { parseMatchingConfig } from '../../src/matching/matching-config.ts';
import type { IndexedPatient, PatientIndex } from '../../src/matching/patient-index.ts';
import type { ReviewReasonCode } from '../../src/matching/review-reasons.ts';

/**
 * The patient-safety rule, case by case: what is filed automatically, and for everything else
 * that every applicable reason is given. Fields are built by hand (not by the extractor) so each
 * case changes exactly one thing from a document that would be filed.
 */

// Test-range NHS numbers that pass modulus 11; invented people.
const JANE_NHS = '9990123470';
const OMAR_NHS = '9990246947';
const NOT_IN_INDEX_NHS = '9990370419';

const JANE: IndexedPatient = { nhsNumber: JANE_NHS, given: ['Jane', 'Ann'], family: "O'Neill-Smith", birthDate: '1950-02-01', mrns: ['NB4417203'], gpPracticeOds: 'A81001' };
const OMAR: IndexedPatient = { nhsNumber: OMAR_NHS, given: ['Omar'], family: 'Hart', birthDate: '1982-11-30', mrns: ['NB5550001'] };
const index = new InMemoryPatientIndex([JANE, OMAR]);
const config = parseMatchingConfig({ minConfidence: 80 });

let nextLine = 0;
function found<T>(value: T, raw: string, extra: Partial<ExtractedValue<T>> = {}): ExtractedValue<T> {
  const y = 100 + 40 * nextLine++;
  return { value, raw, confidence: 95, foundAt: { page: 0, bbox: { x0: 100, y0: y, x1: 600, y1: y + 30 } }, ...extra };
}

function name(given: string[], family: string, text = [...given, family].join(' ')): PersonName {
  return { given, family, text };
}

/** A letter about Jane that should be filed: every other test changes one thing. */
function janesLetter(change: Partial<ExtractedFields> = {}): ExtractedFields {
  return {
    nhsNumbers: [found(JANE_NHS, '999 012 3470', { label: 'NHS No:' })],
    mrns: [found('NB4417203', 'NB4417203', { label: 'Hospital No:' })],
    patientName: found(name(['Jane'], "O'Neill-Smith", "Mrs Jane O'NEILL-SMITH"), "Mrs Jane O'NEILL-SMITH"),
    birthDate: found('1950-02-01', '01/02/1950', { label: 'DOB:' }),
    documentDate: found('2025-03-14', '14 March 2025'),
    documentType: { key: 'clinic-letter', snomedCode: '371531000', display: 'Report of clinical encounter', confidence: 90, evidence: ['title: CLINIC LETTER'] },
    ...change,
  };
}

function codesOf(outcome: MatchOutcome): ReviewReasonCode[] {
  if (outcome.outcome !== 'review') throw new Error(`expected review, got ${outcome.outcome}`);
  return outcome.reasons.map((reason) => reason.code).sort();
}

describe('filed automatically', () => {
  it('files a document whose valid NHS number is in the index and whose name and DOB agree', async () => {
    const outcome = await matchPatient(janesLetter(), index, config);
    expect(outcome.outcome).toBe('filed');
    if (outcome.outcome !== 'filed') return;
    expect(outcome.patient).toEqual(JANE);
    expect(outcome.evidence.nhsNumber.value).toBe(JANE_NHS);
    expect(outcome.evidence.confirmingMrns.map((mrn) => mrn.value)).toEqual(['NB4417203']);
    expect(outcome.evidence.checks).toEqual([
      'NHS number 999 012 3470 is in the patient index',
      `Patient name "Mrs Jane O'NEILL-SMITH": family name and first name agree with Jane Ann O'Neill-Smith`,
      'Date of birth 01/02/1950 agrees with the index',
      'Hospital number NB4417203 belongs to the same patient',
    ]);
  });

  it('accepts a first initial, and family names differing only in case, accents, hyphens and apostrophes', async () => {
    const variants = [name(['J.'], 'ONEILL SMITH'), name(['j'], "o'neill-smith"), name(['Jane'], 'O’Neill Smith'), name(['JÁNE'], 'ÓNeill-Smith')];
    for (const variant of variants) {
      const outcome = await matchPatient(janesLetter({ patientName: found(variant, variant.text) }), index, config);
      expect(outcome.outcome, variant.text).toBe('filed');
    }
  });

  it('files without any hospital number, and ignores one the index does not know', async () => {
    expect((await matchPatient(janesLetter({ mrns: [] }), index, config)).outcome).toBe('filed');
    expect((await matchPatient(janesLetter({ mrns: [found('ZZ9999999', 'ZZ9999999')] }), index, config)).outcome).toBe('filed');
  });

  it('files at exactly the confidence threshold', async () => {
    const atThreshold = janesLetter({ nhsNumbers: [found(JANE_NHS, '9990123470', { confidence: 80 })] });
    expect((await matchPatient(atThreshold, index, config)).outcome).toBe('filed');
  });
});

describe('sent to review, with the reason', () => {
  it('NO_NHS_NUMBER: no number, and an MRN owner is offered only as a candidate', async () => {
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [] }), index, config);
    expect(codesOf(outcome)).toEqual(['NO_NHS_NUMBER']);
    expect(outcome.outcome === 'review' && outcome.candidate).toEqual(JANE);
  });

  it('NO_NHS_NUMBER: a number failing modulus 11 is never used, even if the extractor passed it', async () => {
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [found('9990123471', '9990123471')] }), index, config);
    expect(codesOf(outcome)).toEqual(['NO_NHS_NUMBER']);
  });

  it('OTHER_PERSONS_NHS_NUMBER_ONLY: the only number is labelled as someone else\'s; it is never looked up for the patient', async () => {
    const mothers = { ...found(OMAR_NHS, '999 024 6947', { label: 'NHS Number' }), who: 'mother' as const };
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [], otherPersonsNhsNumbers: [mothers], mrns: [] }), index, config);
    expect(codesOf(outcome)).toEqual(['OTHER_PERSONS_NHS_NUMBER_ONLY']);
    if (outcome.outcome !== 'review') return;
    expect(outcome.reasons[0]).toMatchObject({ field: 'nhsNumber', message: expect.stringContaining("999 024 6947 is labelled as the mother's"), foundAt: mothers.foundAt });
    expect(outcome.candidate).toBeUndefined();
  });

  it('files on the patient\'s own number when another person\'s is beside it', async () => {
    const mothers = { ...found(OMAR_NHS, '999 024 6947'), who: 'mother' as const };
    expect((await matchPatient(janesLetter({ otherPersonsNhsNumbers: [mothers] }), index, config)).outcome).toBe('filed');
  });

  it('NHS_NUMBER_UNREADABLE: a second labelled number failing the check or read with low confidence', async () => {
    const failsCheck = { ...found('9990246948', '999 024 6948', { label: 'NHS No' }), problem: 'fails-check' as const };
    const faint = { ...found(OMAR_NHS, '999 024 6947', { confidence: 30 }), problem: 'low-confidence' as const };
    const outcome = await matchPatient(janesLetter({ unreadableNhsNumbers: [failsCheck, faint] }), index, config);
    expect(codesOf(outcome)).toEqual(['NHS_NUMBER_UNREADABLE', 'NHS_NUMBER_UNREADABLE']);
    if (outcome.outcome !== 'review') return;
    expect(outcome.reasons[0].message).toContain('"999 024 6948", fails the modulus 11 check');
    expect(outcome.reasons[1].message).toContain('was read with low confidence (confidence 30)');
    expect(outcome.candidate).toEqual(JANE);
    // Labelled as someone else's, it cannot be the patient's: shown, but no reason by itself.
    const mothers = { ...failsCheck, who: 'mother' as const };
    expect((await matchPatient(janesLetter({ unreadableNhsNumbers: [mothers] }), index, config)).outcome).toBe('filed');
  });

  it('DOB_MISSING says whose the only date of birth is', async () => {
    const mothers = { ...found('1994-11-22', '22.11.1994'), who: 'mother' as const };
    const outcome = await matchPatient(janesLetter({ birthDate: undefined, otherPersonsBirthDates: [mothers] }), index, config);
    expect(codesOf(outcome)).toEqual(['DOB_MISSING']);
    expect(outcome.outcome === 'review' && outcome.reasons[0].message).toContain("22/11/1994 is labelled as the mother's");
  });

  it('NHS_NUMBER_NOT_IN_INDEX: a valid number the trust does not hold', async () => {
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [found(NOT_IN_INDEX_NHS, '999 037 0419')], mrns: [] }), index, config);
    expect(codesOf(outcome)).toEqual(['NHS_NUMBER_NOT_IN_INDEX']);
    if (outcome.outcome !== 'review') return;
    expect(outcome.reasons[0]).toMatchObject({ field: 'nhsNumber', message: expect.stringContaining('999 037 0419') });
    expect(outcome.reasons[0].foundAt).toEqual({ page: 0, bbox: expect.any(Object) });
    expect(outcome.candidate).toBeUndefined();
  });

  it('MULTIPLE_NHS_NUMBERS: two different valid numbers, even when the first would match', async () => {
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [found(JANE_NHS, '9990123470'), found(OMAR_NHS, '9990246947')] }), index, config);
    expect(codesOf(outcome)).toEqual(['MULTIPLE_NHS_NUMBERS']);
    if (outcome.outcome !== 'review') return;
    expect(outcome.reasons[0].message).toContain('999 012 3470, 999 024 6947');
    expect(outcome.candidate).toEqual(JANE);
  });

  it('NHS_NUMBER_CORRECTED: an OCR-corrected number is never filed automatically', async () => {
    const corrected = found(JANE_NHS, '999 O12 347O', { corrected: true });
    const outcome = await matchPatient(janesLetter({ nhsNumbers: [corrected] }), index, config);
    expect(codesOf(outcome)).toEqual(['NHS_NUMBER_CORRECTED']);
    expect(outcome.outcome === 'review' && outcome.reasons[0].message).toContain('"999 O12 347O"');
  });

  it('LOW_CONFIDENCE: for each of NHS number, name and DOB below the threshold, naming the field', async () => {
    const shaky = janesLetter({
      nhsNumbers: [found(JANE_NHS, '9990123470', { confidence: 79 })],
      patientName: found(name(['Jane'], "O'Neill-Smith"), "Jane O'Neill-Smith", { confidence: 60 }),
      birthDate: found('1950-02-01', '01/02/1950', { confidence: 41 }),
    });
    const outcome = await matchPatient(shaky, index, config);
    expect(codesOf(outcome)).toEqual(['LOW_CONFIDENCE', 'LOW_CONFIDENCE', 'LOW_CONFIDENCE']);
    if (outcome.outcome !== 'review') return;
    expect(outcome.reasons.map((reason) => reason.field)).toEqual(['nhsNumber', 'patientName', 'birthDate']);
    expect(outcome.reasons[2].message).toContain('confidence 41, below the 80');
  });

  it('LOW_CONFIDENCE: the threshold is configurable', async () => {
    const at70 = janesLetter({ birthDate: found('1950-02-01', '01/02/1950', { confidence: 70 }) });
    expect(codesOf(await matchPatient(at70, index, config))).toEqual(['LOW_CONFIDENCE']);
    expect((await matchPatient(at70, index, parseMatchingConfig({ minConfidence: 70 }))).outcome).toBe('filed');
  });

  it('DOB_MISSING', async () => {
    expect(codesOf(await matchPatient(janesLetter({ birthDate: undefined }), index, config))).toEqual(['DOB_MISSING']);
  });

  it('DOB_DISAGREES: exact date required, a day out is a disagreement', async () => {
    const outcome = await matchPatient(janesLetter({ birthDate: found('1950-02-02', '02/02/1950') }), index, config);
    expect(codesOf(outcome)).toEqual(['DOB_DISAGREES']);
    expect(outcome.outcome === 'review' && outcome.reasons[0].message).toContain('(02/02/1950) differs from the index (01/02/1950)');
  });

  it('DOB_CONFLICTS: the document gives two dates of birth', async () => {
    const outcome = await matchPatient(janesLetter({ birthDate: found('1950-02-01', '01/02/1950', { conflicts: ['1951-02-01'] }) }), index, config);
    expect(codesOf(outcome)).toEqual(['DOB_CONFLICTS']);
  });

  it('NAME_MISSING: no name at all, or a family name without a first name or initial', async () => {
    expect(codesOf(await matchPatient(janesLetter({ patientName: undefined }), index, config))).toEqual(['NAME_MISSING']);
    const familyOnly = found(name([], "O'Neill-Smith", "Mrs O'NEILL-SMITH"), "Mrs O'NEILL-SMITH");
    const outcome = await matchPatient(janesLetter({ patientName: familyOnly }), index, config);
    expect(codesOf(outcome)).toEqual(['NAME_MISSING']);
    expect(outcome.outcome === 'review' && outcome.reasons[0].message).toContain('has no first name or initial');
  });

  it('NAME_DISAGREES: different family name, different first name, wrong initial, or a nickname', async () => {
    const disagreeing = [name(['Jane'], 'Smith'), name(['Janet'], "O'Neill-Smith"), name(['K'], "O'Neill-Smith"), name(['Ann'], "O'Neill-Smith")];
    for (const variant of disagreeing) {
      const outcome = await matchPatient(janesLetter({ patientName: found(variant, variant.text) }), index, config);
      expect(codesOf(outcome), variant.text).toEqual(['NAME_DISAGREES']);
    }
  });

  it('NAME_CONFLICTS: the document names two patients', async () => {
    const twoNames = found(name(['Jane'], "O'Neill-Smith"), "Jane O'Neill-Smith", { conflicts: [name(['Omar'], 'Hart')] });
    const outcome = await matchPatient(janesLetter({ patientName: twoNames }), index, config);
    expect(codesOf(outcome)).toEqual(['NAME_CONFLICTS']);
    expect(outcome.outcome === 'review' && outcome.reasons[0].message).toContain('"Omar Hart"');
  });

  it("MRN_DISAGREES: a hospital number belonging to another patient", async () => {
    const outcome = await matchPatient(janesLetter({ mrns: [found('NB4417203', 'NB4417203'), found('NB5550001', 'NB 555 0001')] }), index, config);
    expect(codesOf(outcome)).toEqual(['MRN_DISAGREES']);
    expect(outcome.outcome === 'review' && outcome.reasons[0]).toMatchObject({ field: 'mrn', message: expect.stringContaining('999 024 6947') });
  });

  it('collects every reason, not just the first', async () => {
    const everythingWrong: ExtractedFields = janesLetter({
      nhsNumbers: [found(JANE_NHS, '999O123470', { corrected: true, confidence: 50 }), found(OMAR_NHS, '9990246947')],
      patientName: found(name(['Omar'], 'Hart'), 'Omar Hart', { conflicts: [name(['Jane'], 'Smith')] }),
      birthDate: found('1982-11-30', '30/11/1982'),
      mrns: [found('NB5550001', 'NB5550001')],
    });
    expect(codesOf(await matchPatient(everythingWrong, index, config))).toEqual(
      ['DOB_DISAGREES', 'LOW_CONFIDENCE', 'MRN_DISAGREES', 'MULTIPLE_NHS_NUMBERS', 'NAME_CONFLICTS', 'NAME_DISAGREES', 'NHS_NUMBER_CORRECTED'].sort(),
    );
  });

  it('with nothing found, says everything that is missing', async () => {
    const blank: ExtractedFields = { nhsNumbers: [], mrns: [], documentType: janesLetter().documentType };
    expect(codesOf(await matchPatient(blank, index, config))).toEqual(['DOB_MISSING', 'NAME_MISSING', 'NO_NHS_NUMBER']);
  });
});

describe('index trouble is not a review reason', () => {
  it('lets PATIENT_INDEX_UNAVAILABLE through so the job is retried', async () => {
    const down: PatientIndex = {
      findByNhsNumber: async () => {
        throw new RectoError('PATIENT_INDEX_UNAVAILABLE', 'FHIR server did not answer');
      },
      findByMrn: async () => [],
      findByNameAndBirthDate: async () => [],
    };
    await expect(matchPatient(janesLetter(), down, config)).rejects.toMatchObject({ code: 'PATIENT_INDEX_UNAVAILABLE', retryable: true });
  });
});

describe('matching config', () => {
  it('defaults the threshold to 80 and refuses one outside 0–100', () => {
    expect(parseMatchingConfig().minConfidence).toBe(80);
    expect(() => parseMatchingConfig({ minConfidence: 101 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }));
  });
});
