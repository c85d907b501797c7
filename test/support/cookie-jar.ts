/**
 * Just enough of a browser's cookie store for HTTP-level sign-in tests: cookies kept per origin
 * by name (paths ignored: the tests talk to one provider and one Recto), dropped when expired.
 */
export class CookieJar {
  readonly #byOrigin = new Map<string, Map<string, string>>();

  /** Takes the Set-Cookie headers of a response to a request for `url`. */
  store(url: URL, response: Response): void {
    const jar = this.#byOrigin.get(url.origin) ?? new Map<string, string>();
    this.#byOrigin.set(url.origin, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals);
      const value = pair.slice(equals + 1);
      const expired = attributes.some((attribute) => {
        const [key, setting = ''] = attribute.split('=');
        if (key.toLowerCase() === 'max-age') return Number(setting) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(setting) <= Date.now();
        return false;
      });
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** The Cookie header to send with a request for `url` ('' when there are none). */
  header(url: URL): string {
    const jar = this.#byOrigin.get(url.origin);
    return jar ? [...jar].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  get(url: URL, name: string): string | undefined {
    return this.#byOrigin.get(url.origin)?.get(name);
  }
}
