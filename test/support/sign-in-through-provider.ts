import { CookieJar } from './cookie-jar.ts';

/**
 * Plays the browser through an OpenID Connect sign-in at the test identity provider, over plain
 * HTTP: follows redirects from `startUrl` (Recto's /auth/oidc/start, or an authorisation URL
 * from `OidcSignIn.begin`), fills in the login form, and stops at the provider's answer to the
 * client (the redirect carrying `code` or `error`, and `state`) without fetching it. Cookies of
 * every origin it passes through (Recto's transaction cookie too) are kept in `jar`.
 */
export async function signInThroughProvider(
  startUrl: string | URL,
  login: string,
  options: { jar?: CookieJar; cancel?: boolean } = {},
): Promise<URL> {
  const jar = options.jar ?? new CookieJar();
  let url = new URL(startUrl);
  let form: URLSearchParams | undefined;
  let submitted = false;

  for (let hop = 0; hop < 20; hop += 1) {
    if (isAuthorizationResponse(url)) return url;
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      body: form,
      redirect: 'manual',
      headers: { cookie: jar.header(url) },
    });
    jar.store(url, response);
    form = undefined;

    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url);
      continue;
    }
    const page = await response.text();
    const action = /<form method="post" action="([^"]+\/(?:login|abort))">/g;
    const forms = [...page.matchAll(action)].map((match) => match[1]);
    const wanted = forms.find((path) => path.endsWith(options.cancel ? '/abort' : '/login'));
    if (response.status === 200 && wanted && !submitted) {
      submitted = true;
      url = new URL(wanted, url);
      form = new URLSearchParams(options.cancel ? {} : { login });
      continue;
    }
    throw new Error(`Sign-in as "${login}" stopped at ${url.href} with HTTP ${response.status}: ${page.slice(0, 300)}`);
  }
  throw new Error(`Sign-in as "${login}" went through more than 20 redirects`);
}

/** The provider's redirect back to the client: the end of the provider's part. */
function isAuthorizationResponse(url: URL): boolean {
  return url.searchParams.has('state') && (url.searchParams.has('code') || url.searchParams.has('error'));
}
