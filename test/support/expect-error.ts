import { expect } from 'vitest';
import { RectoError, type RectoErrorCode } from '../../src/core/errors.ts';

/** Awaits work that must fail with a RectoError of this code, and hands the error back for more checks. */
export async function expectRectoError(work: Promise<unknown>, code: RectoErrorCode): Promise<RectoError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}, but nothing was thrown`).toBeInstanceOf(RectoError);
  expect((error as RectoError).code, (error as Error).message).toBe(code);
  return error as RectoError;
}
