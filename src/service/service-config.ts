import os from 'node:os';
import { z } from 'zod';
import { RectoError } from '../core/errors.ts';

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
  OCR_WORKERS: z.coerce.number().int().min(0).max(64).default(Math.max(1, os.availableParallelism())),
  MAX_UPLOAD_BYTES: z.coerce.number().int().min(1024).default(200 * 1024 * 1024),
  /** Start a local redis-server (AOF under DATA_DIR/redis) when none answers at REDIS_URL. */
  START_REDIS: z.enum(['auto', 'never']).default('auto'),
});

export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export function loadServiceConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const result = ServiceConfigSchema.safeParse(env);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', z.prettifyError(result.error));
  return result.data;
}
