import type {} from '@fastify/swagger'; // adds tags and summary to route schemas
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Storage } from '../../storage/storage.ts';

/** Liveness (the process answers) and readiness (Redis and storage answer too). */
export function healthRoutes(app: FastifyInstance, { redis, storage }: { redis: Redis; storage: Storage }): void {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'The process answers' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: 'Redis and storage answer too (503 with the failing checks otherwise)' } }, async (_request, reply) => {
    const checks = await Promise.all([
      check('redis', async () => {
        await redis.ping();
      }),
      check('storage', async () => {
        await storage.metadata.countByStatus();
      }),
    ]);
    const ready = checks.every((entry) => entry.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}

async function check(name: string, probe: () => Promise<void>): Promise<{ name: string; ok: boolean; error?: string }> {
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000))]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: (error as Error).message };
  }
}
