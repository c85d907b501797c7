import { execFile } from 'node:child_process';
import { extname } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const execFileAsync = promisify(execFile);

/** Pages in an input file: PDF via pdfinfo, multi-page TIFF via sharp, anything else is one page. */
export async function countPages(path: string): Promise<number> {
  const ext = extname(path).toLowerCase();
  if (ext === '.pdf') {
    const { stdout } = await execFileAsync('pdfinfo', [path]);
    const match = /^Pages:\s+(\d+)/m.exec(stdout);
    if (!match) throw new Error(`pdfinfo reported no page count for ${path}`);
    return Number(match[1]);
  }
  if (ext === '.tif' || ext === '.tiff') {
    const metadata = await sharp(path).metadata();
    return metadata.pages ?? 1;
  }
  return 1;
}
