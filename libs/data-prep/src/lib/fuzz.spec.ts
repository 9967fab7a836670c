import { runDataPrepFuzz } from '../testing/fuzz-properties';

// A seeded, bounded run of the data-prep fuzz properties (see testing/fuzz-properties.ts); the long run is
// `npx tsx tools/bench/src/main.ts fuzz-data --seconds 600`.
describe('fuzzing the readers of untrusted input (seeded)', () => {
  it("TFRecord framing, the Example decoders and label.tsv end in a value or the lib's own error", async () => {
    const results = await runDataPrepFuzz({ seed: 20211011, numRuns: 300 });
    for (const r of results) {
      if (r.failed) throw new Error(`${r.property}:\n${r.report}`);
      expect(r.runs).toBe(300);
    }
  }, 60_000);
});
