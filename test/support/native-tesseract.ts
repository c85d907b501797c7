import { spawnSync } from 'node:child_process';

/**
 * Why the native engine cannot run here, or undefined when tesseract 5 is on the PATH. Tests
 * that need it skip with this as the visible reason (CI installs tesseract-ocr, so there it runs).
 */
export function nativeTesseractMissing(): string | undefined {
  const run = spawnSync('tesseract', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error) return 'tesseract is not on the PATH (apt-get install tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)';
  const version = /^tesseract\s+v?(\S+)/m.exec(`${run.stdout}${run.stderr}`)?.[1];
  return version?.startsWith('5.') ? undefined : `the native engine needs tesseract 5, and the PATH has ${version ?? 'an unknown version'}`;
}
