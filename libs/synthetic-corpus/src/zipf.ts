import { TAG_RANK_COUNTS } from './facts';

/**
 * Expected count of the tag at (1-based, possibly fractional) `rank` of the real vocabulary: piecewise
 * linear interpolation of log(count) over log(rank) between the real anchors.
 */
export function realTagCountAt(rank: number): number {
  const a = TAG_RANK_COUNTS;
  if (rank <= a[0][0]) return a[0][1];
  for (let i = 1; i < a.length; i++) {
    const [r1, c1] = a[i];
    if (rank <= r1) {
      const [r0, c0] = a[i - 1];
      const t = (Math.log(rank) - Math.log(r0)) / (Math.log(r1) - Math.log(r0));
      return Math.exp(Math.log(c0) + t * (Math.log(c1) - Math.log(c0)));
    }
  }
  return a[a.length - 1][1];
}

/**
 * Tag probabilities for a vocabulary of the `size` most frequent tags of the real law (as the official
 * top-10k tag list is a cut of the 62,880): sums to 1, most frequent first. Cutting, not rescaling the
 * rank axis, keeps the head's shape (how often the top tags occur per video) for any size.
 */
export function tagProbabilities(size: number): Float64Array {
  const p = new Float64Array(size);
  let total = 0;
  for (let r = 0; r < size; r++) total += p[r] = realTagCountAt(r + 1);
  for (let r = 0; r < size; r++) p[r] /= total;
  return p;
}
