/**
 * The identifier and code systems NHS England and HL7 UK publish for FHIR R4, named once so a
 * typo in a URL cannot make a record system file a document against nobody.
 */

/** NHS number (UK Core NamingSystem "NHS Number"). */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/** Organisation Data Service organisation code: trusts ("RX1") and GP practices ("A81001"). */
export const ODS_ORGANIZATION_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';

export const SNOMED_CT_SYSTEM = 'http://snomed.info/sct';

/** HL7 UK's UK Core profile for DocumentReference (a constraint on the base R4 resource). */
export const UK_CORE_DOCUMENT_REFERENCE_PROFILE = 'https://fhir.hl7.org.uk/StructureDefinition/UKCore-DocumentReference';
