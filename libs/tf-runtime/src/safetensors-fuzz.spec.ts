import { fuzzSafetensors } from './testing/safetensors-fuzz';

// A seeded run in the unit suite; `FUZZ_SECONDS=600` (tools/workspace/fuzz-readers.js --seconds 600) runs it for
// that long from a fresh seed (FUZZ_SEED repeats one).
const seconds = Number(process.env.FUZZ_SECONDS ?? 0);
const seed = Number(process.env.FUZZ_SEED ?? (seconds ? Date.now() % 2 ** 31 : 1414));

describe('safetensors reader, property-based', () => {
  it(
    `any mutated file ends in BAD_SAFETENSORS with file and offset, or a valid result (seed ${seed})`,
    () => {
      if (seconds) console.log(`fuzzing the safetensors reader for ${seconds} s from seed ${seed}`);
      const inputs = fuzzSafetensors(seconds ? { seed, seconds } : { seed, numRuns: 3000 });
      if (seconds) console.log(`safetensors reader: ${inputs} inputs, nothing found`);
      expect(inputs).toBeGreaterThan(0);
    },
    seconds * 1000 + 60_000,
  );
});
