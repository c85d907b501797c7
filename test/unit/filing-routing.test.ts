import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeDocument } from '../../src/stages/decide/route-document.ts';
import { loadTrustConfig, type TrustConfig } from '../../src/filing/trust-config.ts';

/** Which sinks a filed document goes to. */

let example: TrustConfig;
beforeAll(async () => {
  example = (await loadTrustConfig(path.resolve(import.meta.dirname, '../../samples/trust/trust-config.example.json'))).config;
});

const sinks = [
  { name: 'epr-fhir', type: 'fhir' },
  { name: 'pas-hl7', type: 'hl7' },
  { name: 'lloyd-george', type: 'file-drop' },
];

describe('routeDocument', () => {
  it('sends each type of the example config where its routes say', () => {
    expect(routeDocument(example, 'clinic-letter')).toEqual(['epr-fhir', 'pas-hl7']);
    expect(routeDocument(example, 'radiology-report')).toEqual(['epr-fhir']);
    expect(routeDocument(example, 'gp-record')).toEqual(['lloyd-george']);
    expect(routeDocument(example, 'other')).toEqual(['epr-fhir']);
  });

  it('lets "*" take every type', () => {
    const config = { sinks, routing: [{ sink: 'epr-fhir', documentTypes: ['*'] as const }] };
    expect(routeDocument(config, 'gp-record')).toEqual(['epr-fhir']);
    expect(routeDocument(config, 'drug-chart')).toEqual(['epr-fhir']);
  });

  it('names each sink once, in the order the config lists sinks, not routes', () => {
    const config = {
      sinks,
      routing: [
        { sink: 'lloyd-george', documentTypes: ['discharge-summary'] as const },
        { sink: 'epr-fhir', documentTypes: ['*'] as const },
        { sink: 'epr-fhir', documentTypes: ['discharge-summary'] as const },
      ],
    };
    expect(routeDocument(config, 'discharge-summary')).toEqual(['epr-fhir', 'lloyd-george']);
  });

  it('gives no sinks for a type no route covers', () => {
    const config = { sinks, routing: [{ sink: 'pas-hl7', documentTypes: ['clinic-letter'] as const }] };
    expect(routeDocument(config, 'consent-form')).toEqual([]);
    expect(routeDocument({ sinks: [], routing: [] }, 'clinic-letter')).toEqual([]);
  });
});
