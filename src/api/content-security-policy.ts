/**
 * What pages may load: only Recto's own files (no CDN: trust networks are often air-gapped),
 * no inline script, no plugins, and no framing by another site (clickjacking a reviewer's
 * approve button). Helmet sends it on every answer, with the other hardening headers.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  // bull-board's page sets <base href> to its own folder.
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};
