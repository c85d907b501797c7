import { DOCUMENT_TYPES } from '../extract/document-types.ts';
import type { DocumentTypeKey } from '../extract/extracted-fields.ts';
import type { RoutingSettings } from '../stages/decide/route-document.ts';

/**
 * The checks across a trust config's sections that one field's schema cannot make: routes
 * must name sinks that exist, sink names must be unique (delivery records are keyed by them).
 * Problems stop start-up; warnings are settings that work but are probably not meant.
 */

/** Every document type key, in the table's order, as zod enums want them. */
export const DOCUMENT_TYPE_KEYS = DOCUMENT_TYPES.map((entry) => entry.key) as [DocumentTypeKey, ...DocumentTypeKey[]];

export type { RoutedDocumentTypes, RoutingSettings } from '../stages/decide/route-document.ts';

export interface ConfigProblem {
  /** Where in the file, e.g. ['routing', 2, 'sink']. */
  path: Array<string | number>;
  message: string;
}

export function trustConfigProblems(config: RoutingSettings): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const firstUse = new Map<string, number>();
  config.sinks.forEach((sink, position) => {
    const earlier = firstUse.get(sink.name);
    if (earlier === undefined) firstUse.set(sink.name, position);
    else problems.push({ path: ['sinks', position, 'name'], message: `sink name "${sink.name}" is already used by sinks[${earlier}]; delivery records are kept by name, so each sink needs its own` });
  });
  const known = config.sinks.map((sink) => `"${sink.name}"`).join(', ') || 'none';
  config.routing.forEach((route, position) => {
    if (!firstUse.has(route.sink)) problems.push({ path: ['routing', position, 'sink'], message: `no sink is named "${route.sink}" (sinks: ${known})` });
  });
  return problems;
}

export function trustConfigWarnings(config: RoutingSettings): string[] {
  const warnings: string[] = [];
  const routedSinks = new Set(config.routing.map((route) => route.sink));
  for (const sink of config.sinks) {
    if (!routedSinks.has(sink.name)) warnings.push(`sink "${sink.name}" (${sink.type}) is in no route, so it receives no documents`);
  }
  const everyType = config.routing.some((route) => route.documentTypes.includes('*'));
  if (!everyType) {
    const routedTypes = new Set(config.routing.flatMap((route) => route.documentTypes));
    const unrouted = DOCUMENT_TYPE_KEYS.filter((key) => !routedTypes.has(key));
    if (unrouted.length > 0) {
      warnings.push(`document types ${unrouted.join(', ')} are routed to no sink: such documents are matched (or reviewed) but delivered nowhere`);
    }
  }
  return warnings;
}
