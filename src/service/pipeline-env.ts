import { z } from 'zod';
import { type PipelineOptions, PipelineOptionsSchema } from '../core/config.ts';
import { RectoError } from '../core/errors.ts';

/**
 * The capture service's pipeline options, from its environment, through the same schema that
 * checks `recto scan`'s flags: a setting has the same default and the same limits in both
 * runners, whatever either one's code says.
 */

/** The variable that sets each option (MAX_PAGES was the service's first, and keeps its name). */
export const PIPELINE_ENV = {
  PDF_DPI: 'pdfDpi',
  DROP_BLANK: 'dropBlank',
  OSD: 'osd',
  JPEG_QUALITY: 'jpegQuality',
  LOW_CONFIDENCE_THRESHOLD: 'lowConfidenceThreshold',
  MAX_INPUT_PIXELS: 'maxInputPixels',
  MAX_PAGES: 'maxPages',
  TEXT_COVERAGE_CHECK: 'textCoverageCheck',
} as const satisfies Record<string, keyof PipelineOptions>;

type EnvName = keyof typeof PIPELINE_ENV;
type FlagOption = { [K in keyof PipelineOptions]: PipelineOptions[K] extends boolean ? K : never }[keyof PipelineOptions];

/** An option added to the schema without a variable here fails to compile. */
const everyOptionHasAVariable: [Exclude<keyof PipelineOptions, (typeof PIPELINE_ENV)[EnvName]>] extends [never] ? true : never = true;
void everyOptionHasAVariable;

/** Yes/no options: the environment only holds text. Listing them as a Record makes a new one a compile error until it is here. */
const FLAGS: Record<FlagOption, true> = { dropBlank: true, osd: true, textCoverageCheck: true };
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function pipelineOptionsFromEnv(env: NodeJS.ProcessEnv): PipelineOptions {
  const input: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(PIPELINE_ENV) as Array<[EnvName, keyof PipelineOptions]>) {
    const value = env[name];
    if (value === undefined) continue;
    input[option] = option in FLAGS ? flagOf(value) : value;
  }
  const result = PipelineOptionsSchema.safeParse(input);
  if (!result.success) throw new RectoError('INVALID_OPTIONS', describeIssues(result.error));
  return result.data;
}

/** A word that is not yes or no is left as text, so the schema refuses it with its own message. */
function flagOf(value: string): boolean | string {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value;
}

/** The schema's messages, naming the variable a person set rather than the option inside. */
function describeIssues(error: z.ZodError): string {
  const variableOf = new Map(Object.entries(PIPELINE_ENV).map(([name, option]) => [option as string, name]));
  return error.issues
    .map((issue) => {
      const option = String(issue.path[0] ?? '');
      const flag = option in FLAGS ? ' (true or false)' : '';
      return `✖ ${issue.message}${flag}\n  → at ${variableOf.get(option) ?? option}`;
    })
    .join('\n');
}
