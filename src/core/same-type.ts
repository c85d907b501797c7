/**
 * Compile-time proof that two types describe the same values, for a zod schema written beside
 * an interface (the sidecar's file format beside the shapes the code passes around): a change to
 * one that the other does not follow stops `tsc`, instead of writing a sidecar the schema refuses.
 *
 *   export type WordsAgree = Proven<Same<z.infer<typeof OcrWordSchema>, OcrWord>>;
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Fails to compile unless its argument is `true`. */
export type Proven<T extends true> = T;
