import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { NHSUK_ASSETS, RECTO_ASSETS } from './page-layout.ts';

const nhsukDist = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const rectoAssets = path.join(import.meta.dirname, 'assets');

/** Everything the pages load, served by Recto itself: trust networks are often air-gapped. */
export async function webAssets(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: nhsukDist, prefix: `${NHSUK_ASSETS}/`, decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, { root: rectoAssets, prefix: `${RECTO_ASSETS}/`, decorateReply: false, maxAge: '1h' });
}
