/**
 * Where to send someone after sign-in, from a value they (or a link someone sent them) chose:
 * only a path on Recto itself, so a sign-in link cannot bounce a signed-in person to another
 * site. `//evil.example` and `/\evil.example` are other sites to a browser; anything doubtful
 * becomes `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2048) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return '/';
  const base = 'http://recto.invalid';
  const resolved = new URL(value, base);
  if (resolved.origin !== base) return '/';
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Resolving can make `//host` out of `/.//host` or `/%2e//host`: check what is returned, not only what came in.
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
