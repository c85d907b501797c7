import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { withoutRemoteLinks } from '../../src/api/routes/queue-dashboard.ts';
import { nhsukStylesheet, remoteUrlsIn } from '../../src/web/nhsuk-stylesheet.ts';
import { nhsukDist } from '../../src/web/web-assets.ts';

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
