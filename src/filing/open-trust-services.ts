import { openCsvPatientIndex } from '../matching/csv-patient-index.ts';
import { FhirPatientIndex } from '../matching/fhir-patient-index.ts';
import type { PatientIndex } from '../matching/patient-index.ts';
import { FhirDocumentSink } from '../sinks/fhir/fhir-document-sink.ts';
import { createFileDropSink } from '../sinks/file-drop/file-drop-sink.ts';
import { createHl7Sink } from '../sinks/hl7/hl7-sink.ts';
import type { DocumentSink } from '../sinks/sink.ts';
import type { TrustConfig, TrustPatientIndexConfig, TrustSinkConfig } from './trust-config.ts';

/**
 * The patient index and record-system sinks a trust config describes, opened once per process
 * and shared by every filing and delivery job. A CSV index is read and checked here, so a bad
 * export stops start-up; FHIR servers and HL7 engines are not contacted until first used (an
 * engine that is down at start-up is a retry later, not a reason to refuse to start).
 */
export interface TrustServices {
  index: PatientIndex;
  /** By the sink's name in the trust config (the names routes and delivery records use). */
  sinks: ReadonlyMap<string, DocumentSink>;
  /** Closes every sink and the index; each is tried even if another fails. */
  close(): Promise<void>;
}

export async function openTrustServices(config: TrustConfig): Promise<TrustServices> {
  const index = await openPatientIndex(config.patientIndex);
  const sinks = new Map<string, DocumentSink>();
  const close = async () => {
    const closing = [...sinks.values()].map((sink) => sink.close?.());
    const results = await Promise.allSettled([...closing, index.close?.()]);
    const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
  };
  try {
    for (const sinkConfig of config.sinks) sinks.set(sinkConfig.name, openSink(sinkConfig));
  } catch (error) {
    // Best effort: the sinks opened so far are let go, and the configuration error is the one to report.
    await close().catch(() => undefined);
    throw error;
  }
  return { index, sinks, close };
}

async function openPatientIndex(config: TrustPatientIndexConfig): Promise<PatientIndex> {
  switch (config.type) {
    case 'csv':
      return openCsvPatientIndex(config.path);
    case 'fhir': {
      const { type: _type, ...options } = config;
      return new FhirPatientIndex(options);
    }
  }
}

function openSink(config: TrustSinkConfig): DocumentSink {
  switch (config.type) {
    case 'fhir': {
      const { type: _type, ...options } = config;
      return new FhirDocumentSink(options);
    }
    case 'hl7': {
      const { type: _type, ...options } = config;
      return createHl7Sink(options);
    }
    case 'file-drop': {
      const { type: _type, ...options } = config;
      return createFileDropSink(options);
    }
  }
}
