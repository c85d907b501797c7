/** Runs `task` over `inputs` with at most `concurrency` in flight; results keep input order. */
export async function runPool<In, Out>(
  inputs: readonly In[],
  concurrency: number,
  task: (input: In, index: number) => Promise<Out>,
): Promise<Out[]> {
  const results = new Array<Out>(inputs.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      results[index] = await task(inputs[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, inputs.length)) }, lane));
  return results;
}
