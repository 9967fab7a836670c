import * as fs from 'fs';
import * as path from 'path';
import { readSafetensors } from '@vidsim/tf-runtime';
import { BertModel } from '../bert-model';
import { bertConfigFromHf } from '../config';
import { BertError } from '../errors';
import { BertMlmHead } from '../mlm-head';
import { loadHfTensors, type HfCheckpointInfo, type LoadHfOptions } from './hf-checkpoint';

export interface PretrainedBert {
  bert: BertModel;
  /** Present when the checkpoint has `cls.predictions.*` (BertForPreTraining / BertForMaskedLM). */
  mlmHead?: BertMlmHead;
  checkpoint: HfCheckpointInfo;
}

/**
 * Builds a BertModel (and its MLM head when the file has one) from a Hugging Face folder holding
 * `config.json` and `model.safetensors`.
 */
export async function loadPretrainedBert(
  dir: string,
  options: LoadHfOptions & { name?: string } = {},
): Promise<PretrainedBert> {
  const configFile = path.join(dir, 'config.json');
  const weightsFile = path.join(dir, 'model.safetensors');
  for (const f of [configFile, weightsFile]) {
    if (!fs.existsSync(f))
      throw new BertError(`Pretrained BERT folder lacks ${path.basename(f)}: ${f}`, 'BAD_CHECKPOINT', { file: f });
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(await fs.promises.readFile(configFile, 'utf8'));
  } catch (e) {
    throw new BertError(`${configFile}: not valid JSON (${(e as Error).message})`, 'BAD_CHECKPOINT', {
      file: configFile,
    });
  }
  const file = await readSafetensors(weightsFile);
  const bert = new BertModel({ config: bertConfigFromHf(json), name: options.name });
  const hasHead = [...file.tensors.keys()].some((n) => n.startsWith('cls.predictions.transform.'));
  const mlmHead = hasHead ? new BertMlmHead(bert) : undefined;
  try {
    const checkpoint = loadHfTensors(file, bert, mlmHead, { source: weightsFile, ...options });
    return { bert, mlmHead, checkpoint };
  } catch (e) {
    mlmHead?.dispose();
    bert.dispose();
    throw e;
  }
}
