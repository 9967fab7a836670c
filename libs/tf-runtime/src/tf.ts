// The single TensorFlow.js entry point of vidsim: every lib imports `tf` (core ops) and `tfl`
// (layers) from here, so that one tfjs-core instance holds the registered backends and kernels.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

// Production mode: no per-op debug checks and no console banner recommending tfjs-node.
tf.enableProdMode();

export { tf, tfl };
