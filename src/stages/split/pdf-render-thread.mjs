// Renders PDF pages with pdf.js inside a worker thread started with plain Node (no tsx):
// loaded through tsx's on-the-fly TypeScript loader, pdf.js's 4 MB of JavaScript costs ~380 MB
// of memory; loaded plainly, ~60 MB. Messages: open → { pages }, render → RGBA pixels, close.
// The thread is started with a heap limit and the limits below (see pdf-thread.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const { maxImageSize, canvasMaxAreaInBytes } = workerData;

// pdf.js drops an image over maxImageSize with a warning and draws the page without it; a scan
// with its image missing would be read as a blank page, so the page is refused instead. pdf.js
// runs in this thread (no worker of its own in Node), so its warnings pass through here.
// Counted, not flagged: pages may render concurrently, and each checks for removals made while it
// rendered (at worst a page beside the hostile one is refused too; the document fails either way).
const IMAGE_REMOVED = /exceeded maximum allowed size/;
let imagesRemoved = 0;
console.warn = (...parts) => {
  if (IMAGE_REMOVED.test(parts.join(' '))) imagesRemoved++;
};

function refuseRemovedImages(before) {
  if (imagesRemoved === before) return;
  const error = new Error(`an image is larger than the limit of ${maxImageSize} pixels`);
  error.name = 'ImageTooLargeException';
  throw error;
}

let document;

async function handle(message) {
  if (message.type === 'open') {
    document = await getDocument({
      data: message.data,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      maxImageSize,
      canvasMaxAreaInBytes,
      verbosity: 1, // warnings, so a removed image is seen (they are not printed)
    }).promise;
    return { pages: document.numPages };
  }
  if (message.type === 'size') {
    const page = await document.getPage(message.pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    return { width: viewport.width, height: viewport.height };
  }
  if (message.type === 'render') {
    const page = await document.getPage(message.pageNumber);
    const viewport = page.getViewport({ scale: message.dpi / 72 });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    // pdf.js's own canvas factory: a separately installed @napi-rs/canvas crashes it.
    const { canvas, context } = document.canvasFactory.create(width, height);
    try {
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      const removedBefore = imagesRemoved;
      await page.render({ canvasContext: context, canvas, viewport }).promise;
      refuseRemovedImages(removedBefore);
      const rgba = context.getImageData(0, 0, width, height).data;
      const pixels = new Uint8Array(rgba.length);
      pixels.set(rgba);
      return { width, height, pixels, transfer: [pixels.buffer] };
    } finally {
      document.canvasFactory.destroy({ canvas, context });
      page.cleanup();
    }
  }
  throw new Error(`unknown request ${message.type}`);
}

parentPort.on('message', async (message) => {
  try {
    const { transfer, ...result } = await handle(message);
    parentPort.postMessage({ id: message.id, result }, transfer ?? []);
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } });
  }
});
