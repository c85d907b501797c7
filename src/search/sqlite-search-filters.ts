import type { SearchFilters } from './validate-search-query.ts';

/**
 * The filters as SQL conditions on search_documents (alias d). Only these fixed fragments ever
 * become SQL; every value is a bound parameter.
 */
export interface FilterSql {
  conditions: string[];
  parameters: Record<string, unknown>;
}

export function filterSql(filters: SearchFilters): FilterSql {
  const conditions: string[] = [];
  const parameters: Record<string, unknown> = {};
  if (filters.nhsNumber !== undefined) {
    conditions.push('d.nhs_number = @nhsNumber');
    parameters.nhsNumber = filters.nhsNumber;
  }
  if (filters.mrn !== undefined) {
    conditions.push('d.mrn_key = @mrn');
    parameters.mrn = filters.mrn;
  }
  if (filters.nameTokens !== undefined) {
    conditions.push('d.document_key IN (SELECT rowid FROM search_names WHERE search_names MATCH @nameMatch)');
    parameters.nameMatch = filters.nameTokens.map((token) => `"${token.replaceAll('"', '""')}"`).join(' AND ');
  }
  if (filters.birthDate !== undefined) {
    conditions.push('d.birth_date = @birthDate');
    parameters.birthDate = filters.birthDate;
  }
  if (filters.types !== undefined) {
    conditions.push('d.document_type IN (SELECT value FROM json_each(@types))');
    parameters.types = JSON.stringify(filters.types);
  }
  if (filters.from !== undefined) {
    conditions.push('d.document_date >= @from');
    parameters.from = filters.from;
  }
  if (filters.to !== undefined) {
    conditions.push('d.document_date <= @to');
    parameters.to = filters.to;
  }
  return { conditions, parameters };
}
