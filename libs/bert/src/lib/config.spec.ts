import * as fs from 'fs';
import * as path from 'path';
import { BertError } from './errors';
import { bertConfigFromHf, bertConfigToHf, chineseRobertaWwmExt, resolveBertConfig, tiny } from './config';

describe('BertConfig', () => {
  it('chineseRobertaWwmExt matches hfl/chinese-roberta-wwm-ext (12 x 768, 12 heads, 3072, 21128, 512, 2)', () => {
    expect(chineseRobertaWwmExt).toMatchObject({
      numLayers: 12,
      hiddenSize: 768,
      numHeads: 12,
      intermediateSize: 3072,
      vocabSize: 21128,
      maxPositions: 512,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
    });
    expect(tiny).toMatchObject({ numLayers: 2, hiddenSize: 128, numHeads: 4, intermediateSize: 512, vocabSize: 21128 });
  });

  it('validation: names the field, the rule and the value', () => {
    const err = (o: object) => {
      try {
        resolveBertConfig(o as never);
      } catch (e) {
        return e as BertError;
      }
      throw new Error('no error');
    };
    expect(err({ numLayers: 2.5 })).toMatchObject({
      code: 'BAD_CONFIG',
      message: 'Invalid BertConfig numLayers: numLayers must be a positive integer, got 2.5',
    });
    expect(err({ hiddenDropout: 1 })).toMatchObject({
      code: 'BAD_CONFIG',
      context: { key: 'hiddenDropout', value: 1 },
    });
    expect(err({ hiddenSize: 130, numHeads: 4 }).message).toMatch(
      /hiddenSize 130 must be divisible by numHeads, got 4/,
    );
    expect(err({ hidden_size: 4 })).toMatchObject({ code: 'UNKNOWN_CONFIG_KEY', context: { key: 'hidden_size' } });
  });

  it('maps the tiny checkpoint config.json and back', () => {
    const json = JSON.parse(fs.readFileSync(path.join(__dirname, '../testing/tiny-bert/config.json'), 'utf8'));
    const c = bertConfigFromHf(json);
    expect(c).toEqual({
      vocabSize: 15,
      hiddenSize: 4,
      numLayers: 2,
      numHeads: 4,
      intermediateSize: 16,
      maxPositions: 16,
      typeVocabSize: 2,
      layerNormEps: 1e-12,
      hiddenDropout: 0.1,
      attentionDropout: 0.1,
      initializerRange: 0.02,
    });
    expect(bertConfigFromHf(bertConfigToHf(c))).toEqual(c);
    expect(() => bertConfigFromHf({ ...json, hidden_act: 'relu' })).toThrow(/only 'gelu'/);
  });
});
