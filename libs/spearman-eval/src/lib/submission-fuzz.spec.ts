import { fuzzSubmissionReader } from './testing/submission-fuzz';

// A seeded run in the unit suite; `FUZZ_SECONDS=600` (tools/workspace/fuzz-readers.js --seconds 600) runs it for
// that long from a fresh seed (FUZZ_SEED repeats one).
const seconds = Number(process.env.FUZZ_SECONDS ?? 0);
const seed = Number(process.env.FUZZ_SEED ?? (seconds ? Date.now() % 2 ** 31 : 808));

describe('result.zip reader, property-based', () => {
  it(
    `any mutated zip ends in a SpearmanEvalError with file and offset, or a valid result (seed ${seed})`,
    async () => {
      if (seconds) console.log(`fuzzing the result.zip reader for ${seconds} s from seed ${seed}`);
      const inputs = await fuzzSubmissionReader(seconds ? { seed, seconds } : { seed, numRuns: 400 });
      if (seconds) console.log(`result.zip reader: ${inputs} inputs, nothing found`);
      expect(inputs).toBeGreaterThan(0);
    },
    seconds * 1000 + 60_000,
  );
});
