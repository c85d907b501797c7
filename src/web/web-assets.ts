import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { nhsukStylesheet } from './nhsuk-stylesheet.ts';
import { NHSUK_ASSETS, NHSUK_STYLESHEET, RECTO_ASSETS } from './page-layout.ts';

export const nhsukDist = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const rectoAssets = path.join(import.meta.dirname, 'assets');

/** Everything the pages load, served by Recto itself: trust networks are often air-gapped. */
export async function webAssets(app: FastifyInstance): Promise<void> {
  // Read once at start-up; this exact path wins over the static folder's wildcard, so the
  // package's own CSS (which fetches fonts from assets.nhs.uk) is never what a page gets.
  const stylesheet = nhsukStylesheet(nhsukDist, `${NHSUK_ASSETS}/assets/images`);
  app.get(NHSUK_STYLESHEET, { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(stylesheet),
  );
  await app.register(fastifyStatic, { root: nhsukDist, prefix: `${NHSUK_ASSETS}/`, decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, { root: rectoAssets, prefix: `${RECTO_ASSETS}/`, decorateReply: false, maxAge: '1h' });
}
