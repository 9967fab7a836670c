import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  float32ToSafeTensor,
  initTf,
  parseSafetensors,
  safeTensorToFloat32,
  serializeSafetensors,
  tf,
} from '@vidsim/tf-runtime';
import { BertModel } from '../bert-model';
import { BertError } from '../errors';
import { BertMlmHead } from '../mlm-head';
import { loadHfTensors, saveHfCheckpoint, toHfTensors } from './hf-checkpoint';
import { loadPretrainedBert } from './pretrained';

const DIR = path.join(__dirname, '../../testing/tiny-bert');
const FILE = path.join(DIR, 'model.safetensors');
const TINY = { vocabSize: 15, hiddenSize: 4, numLayers: 2, numHeads: 4, intermediateSize: 16, maxPositions: 16 };

function catchError(f: () => unknown): BertError {
  try {
    f();
  } catch (e) {
    return e as BertError;
  }
  throw new Error('no error');
}

describe('HF checkpoint I/O on the real tiny BERT', () => {
  beforeAll(() => initTf({ backend: 'cpu' }));

  it('maps every one of the 46 tensors: 42 variables + 4 passthrough (pooler, NSP head)', async () => {
    const { bert, mlmHead, checkpoint } = await loadPretrainedBert(DIR);
    expect(checkpoint.dtypes.size).toBe(46);
    // 5 embedding + 2 x 16 layer tensors + 5 MLM head tensors
    expect(checkpoint.loaded).toHaveLength(42);
    expect([...checkpoint.passthrough.keys()].sort()).toEqual([
      'bert.pooler.dense.bias',
      'bert.pooler.dense.weight',
      'cls.seq_relationship.bias',
      'cls.seq_relationship.weight',
    ]);
    expect(checkpoint).toMatchObject({ prefix: 'bert.', missing: [], unexpected: [], tied: [] });
    // torch [out, in] kernels are transposed: our [in, out] kernel[i][o] == torch weight[o][i].
    const raw = parseSafetensors(new Uint8Array(fs.readFileSync(FILE)));
    const torchW = safeTensorToFloat32(raw.tensors.get('bert.encoder.layer.1.intermediate.dense.weight')!); // [16, 4]
    const ours = bert.weights.get('encoder.layer.1.intermediate.dense.weight'); // [4, 16]
    expect(ours.shape).toEqual([4, 16]);
    const o = ours.dataSync();
    expect(o[3 * 16 + 7]).toBe(torchW[7 * 4 + 3]);
    expect(o[1 * 16 + 12]).toBe(torchW[12 * 4 + 1]);
    mlmHead!.dispose();
    bert.dispose();
  });

  it('load + save gives a byte-identical file', async () => {
    const { bert, mlmHead, checkpoint } = await loadPretrainedBert(DIR);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bert-')), 'model.safetensors');
    await saveHfCheckpoint(out, bert, mlmHead, checkpoint);
    expect(Buffer.compare(fs.readFileSync(out), fs.readFileSync(FILE))).toBe(0);
    fs.rmSync(path.dirname(out), { recursive: true });
    mlmHead!.dispose();
    bert.dispose();
  });

  it.each(['F16', 'BF16'] as const)('reads and writes back %s byte-identically', (dtype) => {
    const src = parseSafetensors(new Uint8Array(fs.readFileSync(FILE)));
    const half = new Map(
      [...src.tensors].map(([n, t]) => [n, float32ToSafeTensor(safeTensorToFloat32(t), t.shape, dtype)]),
    );
    const bytes = serializeSafetensors({ tensors: half, metadata: src.metadata });
    const bert = new BertModel({ config: TINY });
    const head = new BertMlmHead(bert);
    const info = loadHfTensors(parseSafetensors(bytes), bert, head);
    const q = bert.weights.get('embeddings.word_embeddings.weight').dataSync();
    expect(q[5]).toBe(safeTensorToFloat32(half.get('bert.embeddings.word_embeddings.weight')!)[5]);
    expect(Buffer.compare(Buffer.from(serializeSafetensors(toHfTensors(bert, head, info))), Buffer.from(bytes))).toBe(
      0,
    );
    head.dispose();
    bert.dispose();
  });

  it('reports every shape mismatch by name, torch shapes, before assigning anything', () => {
    const bert = new BertModel({ config: { ...TINY, intermediateSize: 8 } });
    const before = bert.weights.get('embeddings.word_embeddings.weight').dataSync().slice();
    const e = catchError(() => loadHfTensors(parseSafetensors(new Uint8Array(fs.readFileSync(FILE))), bert));
    expect(e.code).toBe('WEIGHT_SHAPE_MISMATCH');
    expect(e.context.mismatches).toHaveLength(6); // intermediate weight+bias and output weight, x 2 layers
    expect(e.message).toContain('bert.encoder.layer.0.intermediate.dense.weight: expected [8,4], got [16,4]');
    expect(bert.weights.get('embeddings.word_embeddings.weight').dataSync()).toEqual(before);
    bert.dispose();
  });

  it('reports missing and unexpected names', () => {
    const src = parseSafetensors(new Uint8Array(fs.readFileSync(FILE)));
    const bert = new BertModel({ config: TINY });
    const head = new BertMlmHead(bert);
    const dropped = new Map(src.tensors);
    dropped.delete('bert.encoder.layer.1.attention.self.key.bias');
    dropped.delete('cls.predictions.bias');
    const m = catchError(() => loadHfTensors({ tensors: dropped }, bert, head));
    expect(m).toMatchObject({
      code: 'MISSING_WEIGHTS',
      context: { missing: ['bert.encoder.layer.1.attention.self.key.bias', 'cls.predictions.bias'] },
    });
    const extra = new Map(src.tensors);
    extra.set('bert.encoder.layer.2.output.dense.bias', src.tensors.get('bert.encoder.layer.1.output.dense.bias')!);
    const u = catchError(() => loadHfTensors({ tensors: extra }, bert, head));
    expect(u).toMatchObject({
      code: 'UNEXPECTED_WEIGHTS',
      context: { unexpected: ['bert.encoder.layer.2.output.dense.bias'] },
    });
    const lenient = loadHfTensors({ tensors: extra }, bert, head, { allowUnexpected: true });
    expect(lenient.unexpected).toEqual(['bert.encoder.layer.2.output.dense.bias']);
    head.dispose();
    bert.dispose();
  });

  it('without a head, cls.predictions.* pass through unchanged; a tied decoder copy is checked and rewritten', () => {
    const src = parseSafetensors(new Uint8Array(fs.readFileSync(FILE)));
    const bert = new BertModel({ config: TINY });
    const info = loadHfTensors(src, bert);
    expect(info.passthrough.size).toBe(9);
    expect(
      Buffer.compare(Buffer.from(serializeSafetensors(toHfTensors(bert, undefined, info))), fs.readFileSync(FILE)),
    ).toBe(0);

    const head = new BertMlmHead(bert);
    const tied = new Map(src.tensors);
    tied.set('cls.predictions.decoder.weight', src.tensors.get('bert.embeddings.word_embeddings.weight')!);
    expect(loadHfTensors({ tensors: tied }, bert, head).tied).toEqual(['cls.predictions.decoder.weight']);
    tied.set('cls.predictions.decoder.weight', float32ToSafeTensor(new Float32Array(60), [15, 4]));
    expect(catchError(() => loadHfTensors({ tensors: tied }, bert, head)).code).toBe('BAD_CHECKPOINT');
    head.dispose();
    bert.dispose();
  });

  it('a fresh model saves BertForPreTraining names in F32 that load back exactly', () => {
    const a = new BertModel({ config: TINY, seed: 1 });
    const file = toHfTensors(a);
    expect(file.tensors.get('bert.encoder.layer.0.output.dense.weight')!.shape).toEqual([4, 16]);
    const b = new BertModel({ config: TINY, seed: 2 });
    loadHfTensors(file, b);
    for (const [k, v] of a.weights.entries()) expect(b.weights.get(k).dataSync()).toEqual(v.dataSync());
    expect(tf.memory().numTensors).toBeGreaterThan(0);
    a.dispose();
    b.dispose();
  });
});
