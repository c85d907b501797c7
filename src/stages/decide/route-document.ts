import type { DocumentTypeKey } from '../../extract/extracted-fields.ts';

/** A route's document types: named keys, or "*" alone for every type. */
export type RoutedDocumentTypes = ReadonlyArray<DocumentTypeKey | '*'>;

/** The parts of a trust config routing depends on. */
export interface RoutingSettings {
  sinks: ReadonlyArray<{ name: string; type: string }>;
  routing: ReadonlyArray<{ sink: string; documentTypes: RoutedDocumentTypes }>;
}

/**
 * The sinks a filed document of this type goes to, by name, in the order the trust config
 * lists its sinks (so delivery order is stable and readable in the file), each once however
 * many routes name it. An empty list means the document is filed but delivered nowhere.
 */
export function routeDocument(config: RoutingSettings, documentType: DocumentTypeKey): string[] {
  const routed = new Set(
    config.routing.filter((route) => route.documentTypes.includes('*') || route.documentTypes.includes(documentType)).map((route) => route.sink),
  );
  return config.sinks.map((sink) => sink.name).filter((name) => routed.has(name));
}
