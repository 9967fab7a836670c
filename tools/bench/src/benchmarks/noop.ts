import type { Benchmark } from '../benchmark';

/** A do-nothing benchmark: checks the runner itself and shows its overhead. */
const noop: Benchmark = { description: 'runner overhead (an empty run)', runs: 3, run: () => ({ ok: 'yes' }) };
export default noop;
