import sharp from 'sharp';

/**
 * libvips keeps a cache of recent operations and their pixels (up to 50 MB and 100 files by
 * default). Every page Recto handles is different, so the cache never hits and only holds
 * memory: a batch process would carry hundreds of megabytes of dead page images.
 */
export function configureImageMemory(): void {
  sharp.cache(false);
}
