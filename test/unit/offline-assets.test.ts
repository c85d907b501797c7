import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyReply } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { withoutRemoteLinks } from '../../src/api/routes/queue-dashboard.ts';
import { RectoError } from '../../src/core/errors.ts';
import { FRUTIGER_FILES, nhsukStylesheet, remoteUrlsIn } from '../../src/web/nhsuk-stylesheet.ts';
import { NHSUK_STYLESHEET } from '../../src/web/page-layout.ts';
import { nhsukDist, webAssets } from '../../src/web/web-assets.ts';

/** What Recto serves in place of third-party files that would reach the internet (the browser check is test/int/offline-pages.test.ts). */

describe("nhsuk-frontend's stylesheet as served", () => {
  const original = readFileSync(path.join(nhsukDist, 'nhsuk-frontend.min.css'), 'utf8');
  const served = nhsukStylesheet(nhsukDist, '/assets/nhsuk/assets/images');

  it("loads nothing from another host, where the package's loads Frutiger from assets.nhs.uk", () => {
    expect(remoteUrlsIn(original).some((url) => url.startsWith('https://assets.nhs.uk/fonts/'))).toBe(true);
    expect(remoteUrlsIn(served)).toEqual([]);
    expect(served).not.toContain('@font-face');
  });

  it('keeps the rest: the font stack falls back to Arial, and every icon it names is a file Recto serves', () => {
    expect(served).toContain('font-family:Frutiger W01,arial,sans-serif');
    expect(served.length).toBeGreaterThan(original.length * 0.95);
    const icons = [...served.matchAll(/url\(["']?([^)"']+)/g)].map((match) => match[1]);
    expect(icons.length).toBeGreaterThan(0);
    for (const icon of icons) {
      expect(icon).toMatch(/^\/assets\/nhsuk\/assets\/images\//);
      expect(existsSync(path.join(nhsukDist, icon.replace('/assets/nhsuk/', ''))), icon).toBe(true);
    }
  });
});

describe("bull-board's page as served", () => {
  const reply = (type: string) => ({ getHeader: () => type }) as unknown as FastifyReply;
  const page = `<head><base href="/admin/queues/"><link href="https://fonts.googleapis.com/css2?family=IBM+Plex+Sans" rel="stylesheet">
<link rel="preconnect" href="//fonts.gstatic.com"><link href="static/css/main.css" rel="stylesheet"></head>`;

  it('keeps its own stylesheet and drops every link to another host', () => {
    const served = withoutRemoteLinks(reply('text/html; charset=utf-8'), page) as string;
    expect(served).toContain('<link href="static/css/main.css" rel="stylesheet">');
    expect(served).not.toContain('fonts.googleapis.com');
    expect(served).not.toContain('fonts.gstatic.com');
  });

  it("takes the Google Fonts link out of bull-board's real template", () => {
    const template = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('@bull-board/ui/package.json')), 'dist', 'index.ejs'), 'utf8');
    expect(template).toContain('https://fonts.googleapis.com/');
    const served = withoutRemoteLinks(reply('text/html'), template) as string;
    expect(served).not.toMatch(/<link\b[^>]*(https?:)?\/\//);
    expect(served).toMatch(/<link href="static\/css\/main\.[0-9a-f]+\.css" rel="stylesheet">/);
  });

  it("leaves its API's JSON alone", () => {
    const json = JSON.stringify({ note: '<link href="https://example.org">' });
    expect(withoutRemoteLinks(reply('application/json; charset=utf-8'), json)).toBe(json);
  });
});

describe('FONTS_DIR: a trust that licenses Frutiger', () => {
  const fontsDir = mkdtempSync(path.join(os.tmpdir(), 'recto-fonts-'));
  afterAll(() => rmSync(fontsDir, { recursive: true, force: true }));

  it('gets its own files served from Recto and named in the CSS, after @charset and still nothing from another host', async () => {
    for (const file of Object.values(FRUTIGER_FILES)) writeFileSync(path.join(fontsDir, file), `font bytes of ${file}`);
    const app = Fastify();
    await webAssets(app, { fontsDir });
    const css = (await app.inject({ method: 'GET', url: NHSUK_STYLESHEET })).body;
    expect(css.startsWith('@charset "UTF-8";')).toBe(true);
    expect(css).toContain('src:url(/assets/fonts/FrutigerLTW01-55Roman.woff2) format("woff2")');
    expect(css).toContain('font-weight:600;font-display:fallback;src:url(/assets/fonts/FrutigerLTW01-65Bold.woff2)');
    expect(remoteUrlsIn(css)).toEqual([]);
    const font = await app.inject({ method: 'GET', url: '/assets/fonts/FrutigerLTW01-65Bold.woff2' });
    expect(font.statusCode).toBe(200);
    expect(font.body).toBe('font bytes of FrutigerLTW01-65Bold.woff2');
    await app.close();
  });

  it('is refused at start-up when a file is missing, naming it', async () => {
    rmSync(path.join(fontsDir, FRUTIGER_FILES[400]));
    const error = await webAssets(Fastify(), { fontsDir }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RectoError);
    expect((error as RectoError).code).toBe('INVALID_OPTIONS');
    expect((error as RectoError).message).toContain('FrutigerLTW01-55Roman.woff2');
  });

  it('without it, the pages get no @font-face at all', async () => {
    const app = Fastify();
    await webAssets(app);
    expect((await app.inject({ method: 'GET', url: NHSUK_STYLESHEET })).body).not.toContain('@font-face');
    await app.close();
  });
});
