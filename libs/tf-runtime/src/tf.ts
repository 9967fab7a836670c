// The single TensorFlow.js entry point of vidsim: every lib imports `tf` (core ops) and `tfl`
// (layers) from here, so that one tfjs-core instance holds the registered backends and kernels.
// tfjs-core's CommonJS build registers no gradients (its register_all_gradients is ESM-only and unresolvable
// from plain Node); the umbrella package's Node bundle registers them all on the shared engine.
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

// Production mode: no per-op debug checks and no console banner recommending tfjs-node.
tf.enableProdMode();

export { tf, tfl };
