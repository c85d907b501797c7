import type { FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FilingQueues } from '../queues/filing-queues.ts';
import type { QueueNames } from '../queues/names.ts';
import type { PipelineOptions } from '../src/core/config.ts';
import type { OcrEngine } from '../src/engines/ocr-engine.ts';
import type { TrustServices } from '../src/filing/open-trust-services.ts';
import type { TrustConfig } from '../src/filing/trust-config.ts';
import type { AuditLog } from '../src/audit/audit-log.ts';
import type { DeliveryStore } from '../src/storage/delivery-store.ts';
import type { ReviewStore } from '../src/review/review-store.ts';
import type { SearchIndex } from '../src/search/search-index.ts';
import type { Storage } from '../src/storage/storage.ts';

/** What every stage worker needs: where things are stored, the engine, the queues, the options. */
export interface WorkerContext {
  storage: Storage;
  /** Kept in step by the pipeline: after assembly when nothing files here, else after each filing decision. */
  search: SearchIndex;
  engine: OcrEngine;
  names: QueueNames;
  connection: Redis;
  flow: FlowProducer;
  /** The same options `recto scan` runs with, parsed by the same schema (ServiceConfig.pipeline). */
  options: PipelineOptions;
  /** Present when the trust has configured filing (TRUST_CONFIG): documents are then filed or sent to review after assembly. */
  filing?: FilingContext;
}

export interface FilingContext {
  config: TrustConfig;
  services: TrustServices;
  review: ReviewStore;
  deliveries: DeliveryStore;
  audit: AuditLog;
  queues: FilingQueues;
}
