import { cosine } from '@vidsim/core';
import { latentSimilarity, latentVector, relatedLatent, sampleLatent } from './latent';
import { CorpusRng } from './rng';
import { buildWorld, N_TOPICS } from './world';

describe('latentVector', () => {
  it('has cosines equal to latentSimilarity, for every kind of related pair', () => {
    const world = buildWorld(7, 300);
    const rng = new CorpusRng(7, 1);
    for (let i = 0; i < 40; i++) {
      const q = sampleLatent(world, rng, i);
      for (const rel of ['dup', 'subtopic', 'topic', 'twin', 'mix', 'random'] as const) {
        const c = relatedLatent(world, rng, q, rel, 1000 + i);
        expect(cosine(latentVector(q, N_TOPICS), latentVector(c, N_TOPICS))).toBeCloseTo(latentSimilarity(q, c), 10);
      }
    }
  });
});
