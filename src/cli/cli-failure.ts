import { asRectoError, exitCodeOf, type ExitCode } from '../core/errors.ts';

/**
 * How every `recto` command ends on an error: one line with the code and what went wrong, one
 * with what to do, and the exit status the error catalogue gives its code (README "Exit codes").
 * A bug (INTERNAL) also prints its stack, since the hint asks for it to be reported.
 */
export function reportFailure(command: string, thrown: unknown, write: (text: string) => void = (text) => process.stderr.write(text)): ExitCode {
  const error = asRectoError(thrown);
  const cause = error.cause instanceof Error ? error.cause : error;
  const detail = error.code === 'INTERNAL' ? `\n${cause.stack ?? cause.message}` : '';
  write(`recto ${command}: ${error.code}: ${error.message}\n${error.hint}${detail}\n`);
  return exitCodeOf(error);
}
