import sharp from 'sharp';

/**
 * libvips keeps a cache of recent operations and their pixels (up to 50 MB and 100 files by
 * default). Every page Recto handles is different, so the cache never hits and only holds
 * memory: a batch process would carry hundreds of megabytes of dead page images.
 */
export function configureImageMemory(): void {
  sharp.cache(false);
  // Each libvips worker thread gets its own malloc arenas, which fragment and are never handed
  // back. Recto already works on pages in parallel, so one libvips thread per operation costs
  // little time and saves hundreds of megabytes.
  sharp.concurrency(1);
}
