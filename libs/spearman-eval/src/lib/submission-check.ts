import { SpearmanEvalError } from './errors';
import { FLOAT16_MAX, streamSubmission, type ReadSubmissionOptions } from './submission-read';

export interface CheckSubmissionOptions extends Omit<ReadSubmissionOptions, 'member'> {
  /** Largest allowed |value| (default float16's 65504: a submission holds float16 roundings). */
  maxAbs?: number;
  /** Largest allowed vector size (official: 256). */
  maxDim?: number;
  /** Stop listing problems after this many messages (counts stay exact). Default 20. */
  maxMessages?: number;
}

export interface SubmissionCheck {
  ok: boolean;
  /** One human-readable line per problem, e.g. `vid 123: value 7 is NaN, every value must be finite`. */
  errors: string[];
  vids: number;
  dim: number;
  missing: number;
  nonFinite: number;
  badDims: number;
}

/**
 * Validates a submission zip against the official rules: a root-level result.json mapping every expected vid to a
 * list of at most `maxDim` finite numbers, all the same length. Never throws for a bad submission: it reports.
 */
export async function checkSubmission(
  zipPath: string,
  expectedVids: Iterable<string>,
  options: CheckSubmissionOptions = {},
): Promise<SubmissionCheck> {
  const maxDim = options.maxDim ?? 256;
  const maxMessages = options.maxMessages ?? 20;
  const maxAbs = options.maxAbs ?? FLOAT16_MAX;
  const errors: string[] = [];
  const report = (msg: string): void => {
    if (errors.length < maxMessages) errors.push(msg);
  };
  const seen = new Set<string>();
  let dim = -1;
  let nonFinite = 0;
  let badDims = 0;
  try {
    await streamSubmission(
      zipPath,
      (vid, values) => {
        if (seen.has(vid)) report(`vid ${vid} appears twice in result.json`);
        seen.add(vid);
        if (values.length > maxDim || values.length === 0) {
          badDims++;
          report(`vid ${vid}: ${values.length} dims, must be 1..${maxDim}`);
        } else if (dim < 0) dim = values.length;
        else if (values.length !== dim) {
          badDims++;
          report(`vid ${vid}: ${values.length} dims, but earlier vids have ${dim}`);
        }
        for (let i = 0; i < values.length; i++) {
          if (!Number.isFinite(values[i])) {
            nonFinite++;
            report(`vid ${vid}: value ${i} is ${values[i]}, every value must be a finite number`);
            break;
          }
          if (Math.abs(values[i]) > maxAbs) {
            nonFinite++;
            report(`vid ${vid}: value ${i} is ${values[i]}, beyond ±${maxAbs} (float16's range)`);
            break;
          }
        }
      },
      { ...options, maxValues: Math.max(options.maxValues ?? 0, maxDim + 1) },
    );
  } catch (e) {
    if (!(e instanceof SpearmanEvalError)) throw e;
    report(e.message);
    return { ok: false, errors, vids: seen.size, dim: Math.max(dim, 0), missing: -1, nonFinite, badDims };
  }
  let expected = 0;
  let missing = 0;
  const missingMessages: string[] = [];
  for (const vid of expectedVids) {
    expected++;
    if (!seen.has(vid)) {
      if (missing++ < maxMessages) missingMessages.push(vid);
    }
  }
  if (missing > 0) {
    const more = missing > 1 ? `; first ${Math.min(missing, 5)}: ${missingMessages.slice(0, 5).join(', ')}` : '';
    report(
      `vid ${missingMessages[0]} missing from result.json (${missing} of ${expected} expected vids missing${more})`,
    );
  }
  return { ok: errors.length === 0, errors, vids: seen.size, dim: Math.max(dim, 0), missing, nonFinite, badDims };
}
