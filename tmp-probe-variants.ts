import * as fs from 'fs';
import { cosine } from '@vidsim/core';
import { VideoSet } from '@vidsim/data-prep';
import { fitLinearProbe } from '@vidsim/linear-probe';
import { bootstrapSpearman, bootstrapSpearmanGain, formatInterval, parseLabelTsv } from '@vidsim/spearman-eval';
import { meanFrames } from '@vidsim/pipeline';

async function main() {
  const store = 'artifacts/demo/prepare';
  const pw = await VideoSet.open(store, 'pointwise');
  const rows = Array.from({ length: pw.size }, (_, i) => i);
  const f = await meanFrames(pw, rows);
  const train = rows.map((r, i) => ({ meanFrame: f[i], title: pw.titles[r], asr: pw.asrTexts[r], tags: [...(pw.tagIds[r] ?? [])], categoryId: pw.categoryIds[r] }));
  const tests: { y: number[]; pairs: any[]; input: Map<string, any> }[] = [];
  for (const set of ['test_a', 'test_b']) {
    const pairs = parseLabelTsv(fs.readFileSync(`artifacts/demo/corpus/${set}/label.tsv`, 'utf8'));
    const vs = await VideoSet.open(store, set);
    const vids = [...new Set(pairs.flatMap((p) => [p.query, p.candidate]))];
    const vr = vids.map((v) => vs.row(v));
    const fr = await meanFrames(vs, vr);
    tests.push({ y: pairs.map((p) => p.relevance), pairs, input: new Map(vids.map((v, i) => [v, { meanFrame: fr[i], title: vs.titles[vr[i]], asr: vs.asrTexts[vr[i]] }])) });
  }
  const variants: Record<string, object> = {
    base: {},
    tags3000: { tags: 3000 },
    svd256: { svdComponents: 256 },
    lambdasWide: { lambdas: [0.03, 0.1, 0.3, 1, 3, 10] },
  };
  const base: number[][] = [];
  for (const [name, opts] of Object.entries(variants)) {
    const t0 = Date.now();
    const { probe, report } = fitLinearProbe(train, { dims: 128, ...opts });
    const line = tests.map((t, k) => {
      const e = new Map([...t.input].map(([v, x]) => [v, probe.embed(x)]));
      const c = t.pairs.map((p) => cosine(e.get(p.query)!, e.get(p.candidate)!));
      if (name === 'base') base[k] = c;
      return `${formatInterval(bootstrapSpearman(c, t.y))} diff ${formatInterval(bootstrapSpearmanGain(c, base[k], t.y))}`;
    });
    console.log(`${name.padEnd(12)} tags ${report.tags} lambda ${report.lambda.toExponential(1)} ${((Date.now() - t0) / 1000).toFixed(0)}s | ${line.join(' | ')}`);
  }
}
main();
