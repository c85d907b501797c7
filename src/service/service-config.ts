import os from 'node:os';
import { z } from 'zod';
import { AuthConfigSchema } from '../auth/auth-config.ts';
import { OidcEnvShape } from '../auth/oidc-config.ts';
import type { PipelineOptions } from '../core/config.ts';
import { RectoError } from '../core/errors.ts';
import { OCR_ENGINES } from '../engines/create-ocr-engine.ts';
import { OCR_MODELS } from '../engines/ocr-models.ts';
import { pipelineOptionsFromEnv } from './pipeline-env.ts';

/**
 * The capture service's settings, from the environment, validated once at start-up. Every
 * setting has an embedded default, so `npm start` works on a fresh machine.
 */
const ServiceConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Loopback by default: patient documents are not served to the network unless asked. */
  HOST: z.string().default('127.0.0.1'),
  REDIS_URL: z.url().default('redis://127.0.0.1:6379'),
  DATA_DIR: z.string().default('./data'),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('recto'),
  /** OCR engines (and page concurrency) per process; 0 makes `serve` API-only. */
  OCR_WORKERS: z.coerce.number().int().min(0).max(64).default(Math.max(1, os.availableParallelism())),
  /** Which engine reads pages: auto (native tesseract 5 when on the PATH, else tesseract.js), tesseract.js or native. */
  OCR_ENGINE: z.enum(OCR_ENGINES).default('auto'),
  /** The English model: best_int (from npm, always there), fast (Debian's tesseract-ocr-eng) or best (installed by hand, see OCR_TESSDATA). */
  OCR_MODEL: z.enum(OCR_MODELS).default('best_int'),
  /** A folder holding eng.traineddata for OCR_MODEL=fast (Debian's folder when unset) or best (required). */
  OCR_TESSDATA: z.string().min(1).optional(),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(200 * 1024 * 1024),
  /** Start a local redis-server (AOF under DATA_DIR/redis) when none answers at REDIS_URL. */
  START_REDIS: z.enum(['auto', 'never']).default('auto'),
  /**
   * How long a job stays owned by its worker without a lock renewal. A worker process that
   * dies loses its jobs for this long before another process may take them over; too short,
   * and a busy (not dead) worker's job is taken over and run twice.
   */
  /**
   * The trust's integration settings (patient index, record systems, routing) as a JSON file;
   * without it documents are captured but not filed. See samples/trust/trust-config.example.json.
   */
  TRUST_CONFIG: z.string().min(1).optional(),
  /**
   * A folder holding the NHS font a trust licenses (FrutigerLTW01-55Roman.woff2 and
   * FrutigerLTW01-65Bold.woff2): Recto serves it to the pages. Unset, they use Arial.
   */
  FONTS_DIR: z.string().min(1).optional(),
  /** `recto worker` only: serve this process's /metrics and /healthz on this port (on HOST); unset = none. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /**
   * A document queued or processing with no progress for this long is reported: a line on
   * stderr starting "ALERT stale-document" and recto_documents_stale on /metrics.
   */
  STALE_DOCUMENT_MINUTES: z.coerce.number().positive().max(7 * 24 * 60).default(60),
  JOB_LOCK_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  /** How often each worker looks for jobs whose lock expired (their worker died) and requeues them. */
  STALLED_CHECK_MS: z.coerce.number().int().min(500).max(600_000).default(15_000),
})
  .extend(AuthConfigSchema.shape)
  .extend(OidcEnvShape)
  .extend({
    /** What the sign-in button calls the identity provider. */
    OIDC_DISPLAY_NAME: z.string().min(1).max(60).default('NHS Care Identity Service 2'),
  });

export type ServiceConfig = z.infer<typeof ServiceConfigSchema> & {
  /** How pages are read and outputs made (PDF_DPI, DROP_BLANK, OSD, JPEG_QUALITY, …): see pipeline-env.ts. */
  pipeline: PipelineOptions;
};

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const result = ServiceConfigSchema.safeParse(env);
  let pipeline: PipelineOptions | undefined;
  const problems = result.success ? [] : [z.prettifyError(result.error)];
  try {
    pipeline = pipelineOptionsFromEnv(env);
  } catch (error) {
    if (!(error instanceof RectoError)) throw error;
    problems.push(error.message);
  }
  // Every bad setting at once, not one per restart.
  if (!result.success || !pipeline) throw new RectoError('INVALID_OPTIONS', problems.join('\n'));
  return { ...result.data, pipeline };
}
