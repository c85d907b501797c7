import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { RectoError } from '../core/errors.ts';
import { FRUTIGER_FILES, nhsukStylesheet } from './nhsuk-stylesheet.ts';
import { NHSUK_ASSETS, NHSUK_STYLESHEET, RECTO_ASSETS } from './page-layout.ts';

export const nhsukDist = path.join(path.dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/package.json')), 'dist', 'nhsuk');
const rectoAssets = path.join(import.meta.dirname, 'assets');
/** Where a trust's own Frutiger files (FONTS_DIR) are served. */
export const FONTS_ASSETS = '/assets/fonts';

/**
 * Everything the pages load, served by Recto itself: trust networks are often air-gapped.
 * `fontsDir`: a folder holding the trust's licensed Frutiger files, served and named in the CSS.
 */
export async function webAssets(app: FastifyInstance, { fontsDir }: { fontsDir?: string } = {}): Promise<void> {
  if (fontsDir) {
    const missing = Object.values(FRUTIGER_FILES).filter((file) => !existsSync(path.join(fontsDir, file)));
    // Checked at start-up: a half-set font would fail on every page, quietly.
    if (missing.length > 0) throw new RectoError('INVALID_OPTIONS', `FONTS_DIR ${fontsDir} has no ${missing.join(' or ')}`);
    await app.register(fastifyStatic, { root: path.resolve(fontsDir), prefix: `${FONTS_ASSETS}/`, decorateReply: false, maxAge: '7d' });
  }
  // Read once at start-up; this exact path wins over the static folder's wildcard, so the
  // package's own CSS (which fetches fonts from assets.nhs.uk) is never what a page gets.
  const stylesheet = nhsukStylesheet(nhsukDist, `${NHSUK_ASSETS}/assets/images`, fontsDir ? FONTS_ASSETS : undefined);
  app.get(NHSUK_STYLESHEET, { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(stylesheet),
  );
  await app.register(fastifyStatic, { root: nhsukDist, prefix: `${NHSUK_ASSETS}/`, decorateReply: false, maxAge: '1d' });
  await app.register(fastifyStatic, { root: rectoAssets, prefix: `${RECTO_ASSETS}/`, decorateReply: false, maxAge: '1h' });
}
