import { AuthorizationResponseError, ClientError, ResponseBodyError } from 'openid-client';

/**
 * Whether an openid-client failure means the identity provider did not answer (or answered
 * "try later"), as opposed to answering no. The first is worth retrying; the second is a refused
 * sign-in or a wrong setting, and trying again will not change it.
 */
export function providerDidNotAnswer(error: unknown): boolean {
  // fetch() rejects with a bare TypeError ("fetch failed") when the connection fails; openid-client's
  // own argument errors are TypeErrors too, but carry an ERR_ code.
  if (error instanceof TypeError) return !('code' in error);
  if (error instanceof ResponseBodyError) return error.status >= 500 || error.error === 'temporarily_unavailable';
  if (error instanceof ClientError) {
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return true;
    if (error.code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' && error.cause instanceof Response) {
      return error.cause.status >= 500 || error.cause.status === 429;
    }
  }
  return false;
}

/** A short reason for the log and the problem detail; never includes tokens or codes. */
export function describeOidcFailure(error: unknown): string {
  if (error instanceof AuthorizationResponseError) {
    return `the identity provider answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  }
  if (error instanceof ResponseBodyError) {
    return `the token endpoint answered ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  }
  if (error instanceof ClientError && error.cause instanceof Response) {
    return `${error.message} (HTTP ${error.cause.status})`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
