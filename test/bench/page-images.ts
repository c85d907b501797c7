import { mkdir, readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import sharp from 'sharp';
import { runCommand } from './run-command.ts';

/** Rendering resolution for PDF pages, the same for every engine that needs images. */
export const PDF_RENDER_DPI = 300;

/** pdftoppm names pages `<prefix>-1.png` or `<prefix>-01.png` depending on the page count. */
function pageNumber(fileName: string): number {
  return Number(/-(\d+)\.png$/.exec(fileName)?.[1] ?? Number.NaN);
}

/**
 * Page images an image-only OCR engine can read, in page order: PDFs rendered with
 * `pdftoppm -r 300 -png`, multi-page TIFFs split with sharp, anything else passed through raw.
 */
export async function pageImagesFor(input: string, id: string, scratchDir: string): Promise<string[]> {
  const ext = extname(input).toLowerCase();
  const pageDir = join(scratchDir, id);
  if (ext === '.pdf') {
    await mkdir(pageDir, { recursive: true });
    await runCommand('pdftoppm', ['-r', String(PDF_RENDER_DPI), '-png', input, join(pageDir, 'page')]);
    const files = (await readdir(pageDir)).filter((name) => name.endsWith('.png'));
    return files.sort((a, b) => pageNumber(a) - pageNumber(b)).map((name) => join(pageDir, name));
  }
  if (ext === '.tif' || ext === '.tiff') {
    const pages = (await sharp(input).metadata()).pages ?? 1;
    if (pages === 1) return [input];
    await mkdir(pageDir, { recursive: true });
    const paths: string[] = [];
    for (let page = 0; page < pages; page++) {
      const path = join(pageDir, `page-${page + 1}.png`);
      // keepMetadata keeps the resolution, which tesseract uses to size its text-line models.
      await sharp(input, { page }).keepMetadata().png().toFile(path);
      paths.push(path);
    }
    return paths;
  }
  return [input];
}
