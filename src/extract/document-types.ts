import { RectoError } from '../core/errors.ts';
import type { DocumentTypeKey } from './extracted-fields.ts';

/**
 * The one table of document types Recto classifies, each with the SNOMED CT concept a record
 * system receives (FHIR DocumentReference.type, HL7 v2 TXA-2 / OBR-4). Every code was checked
 * against a published specification or value set named in `source`; where no exact concept
 * could be verified, `verified` is false and `source` says which nearest concept stands in,
 * so a terminology lead can replace it before go-live.
 */
export interface DocumentTypeEntry {
  key: DocumentTypeKey;
  snomedCode: string;
  /** The concept's preferred term as the source gives it. */
  display: string;
  /** True when this exact concept is the one published for this kind of document. */
  verified: boolean;
  source: string;
}

export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';

export const DOCUMENT_TYPES: readonly DocumentTypeEntry[] = [
  {
    key: 'clinic-letter',
    snomedCode: '823691000000103',
    display: 'Clinical letter',
    verified: true,
    source:
      'SNOMED CT UK edition; used as DocumentReference.type in NHS England ITK/Transfer of Care ' +
      'examples and in the Scottish Clinical Document Indexing Standard (EH4001) value set ' +
      '(nw-gmsa DocumentEntry Type value set).',
  },
  {
    key: 'discharge-summary',
    snomedCode: '373942005',
    display: 'Discharge summary',
    verified: true,
    source:
      'SNOMED CT international "Discharge summary (record artifact)"; IHE XDS typeCode maps ' +
      '(DVMD KDL → SNOMED concept map) and FHIR Composition.type for discharge documents.',
  },
  {
    key: 'referral-letter',
    snomedCode: '25611000000107',
    display: 'Referral letter',
    verified: true,
    source:
      'SNOMED CT UK edition; Scottish Clinical Document Indexing Standard (EH4001) value set ' +
      '(nw-gmsa DocumentEntry Type); GP2GP document types.',
  },
  {
    key: 'outpatient-letter',
    snomedCode: '823681000000100',
    display: 'Outpatient letter',
    verified: true,
    source:
      'SNOMED CT UK edition; NHS England ITK3 Transfer of Care Outpatient Letter ' +
      '(CareConnect-ITK-OPL-Composition-1 Composition.type).',
  },
  {
    key: 'operation-note',
    snomedCode: '371526002',
    display: 'Operative report',
    verified: true,
    source:
      'SNOMED CT international "Operative report (record artifact)"; IHE XDS / Swiss EPR ' +
      'DocumentEntry.typeCode value set; DVMD KDL OP-Bericht map (LOINC 11504-8 Surgical operation note).',
  },
  {
    key: 'radiology-report',
    snomedCode: '371527006',
    display: 'Radiology report',
    verified: true,
    source:
      'SNOMED CT international "Radiology report (record artifact)"; Swiss EPR DocumentEntry.typeCode ' +
      'value set; DVMD KDL Röntgenbefund map.',
  },
  {
    key: 'pathology-report',
    snomedCode: '371528001',
    display: 'Pathology report',
    verified: true,
    source:
      'SNOMED CT international "Pathology report (record artifact)"; NHS pathology FHIR messaging ' +
      'MessageHeader.eventType; Swiss EPR typeCode value set. (Laboratory report 4241000179101 is the ' +
      'narrower choice for blood results.)',
  },
  {
    key: 'consent-form',
    snomedCode: '371537001',
    display: 'Consent report',
    verified: true,
    source:
      'SNOMED CT international "Consent report (record artifact)"; IHE APPC / Swiss EPR classCode; ' +
      'FHIR DSTU2 Contract.type binding.',
  },
  {
    key: 'drug-chart',
    snomedCode: '440545006',
    display: 'Prescription record',
    verified: false,
    source:
      'NOT VERIFIED as the UK concept for an inpatient drug (prescription and administration) chart: ' +
      '"Prescription record (record artifact)" is the nearest concept found in published value sets ' +
      '(India ABDM Composition.type, Swiss medication documents). Check the NHS SNOMED CT browser.',
  },
  {
    key: 'observation-chart',
    snomedCode: '419891008',
    display: 'Record artifact',
    verified: false,
    source:
      'NOT VERIFIED: no SNOMED CT concept for an observation (NEWS2 / vital signs) chart was found in a ' +
      'published document-type value set; the top concept "Record artifact" stands in. Check the NHS ' +
      'SNOMED CT browser.',
  },
  {
    key: 'gp-record',
    snomedCode: '16521000000101',
    display: 'Lloyd George record folder',
    verified: true,
    source:
      'SNOMED CT UK edition; NHS England National Document Repository (Lloyd George digitisation) ' +
      'document type (nhsconnect/national-document-repository SnomedCodes.LLOYD_GEORGE) and NRL pointer type.',
  },
  {
    key: 'other',
    snomedCode: '419891008',
    display: 'Record artifact',
    verified: true,
    source: 'SNOMED CT international top concept "Record artifact (record artifact)", used for HealthDocumentRecord in India ABDM and as the catch-all parent in IHE typeCode maps.',
  },
];

export function documentTypeEntry(key: DocumentTypeKey): DocumentTypeEntry {
  const entry = DOCUMENT_TYPES.find((candidate) => candidate.key === key);
  // The key type lists exactly this table's keys: a miss is a bug, not a document's problem.
  if (!entry) throw new RectoError('INTERNAL', `no document type entry for ${key}`);
  return entry;
}
