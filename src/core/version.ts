import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const RECTO_VERSION: string = require('../../package.json').version;
export const PRODUCER = `Recto ${RECTO_VERSION}`;
