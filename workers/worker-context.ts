import type { FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import type { FilingQueues } from '../queues/filing-queues.ts';
import type { QueueNames } from '../queues/names.ts';
import type { OcrEngine } from '../src/engines/ocr-engine.ts';
import type { TrustServices } from '../src/filing/open-trust-services.ts';
import type { TrustConfig } from '../src/filing/trust-config.ts';
import type { AuditLog } from '../src/audit/audit-log.ts';
import type { DeliveryStore } from '../src/storage/delivery-store.ts';
import type { ReviewStore } from '../src/storage/review-store.ts';
import type { Storage } from '../src/storage/storage.ts';

/** What every stage worker needs: where things are stored, the engine, the queues, the options. */
export interface WorkerContext {
  storage: Storage;
  engine: OcrEngine;
  names: QueueNames;
  connection: Redis;
  flow: FlowProducer;
  options: {
    pdfDpi: number;
    maxInputPixels: number;
    /** More pages than this and the split refuses the document (TOO_MANY_PAGES) before queuing any. */
    maxPages?: number;
    jpegQuality: number;
    dropBlank: boolean;
    lowConfidenceThreshold: number;
    /** Ask the engine's orientation detector about unclear pages (costs memory; see ScanOptions). */
    osd?: boolean;
  };
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
