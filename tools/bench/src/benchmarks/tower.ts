import type { Benchmark } from '../benchmark';
import { setupTower, TOWER_OPTIONS, towerStep, type TowerCtx } from '../tower-setup';

const bench: Benchmark<TowerCtx> = {
  description: `one pointwise training step of the tower on wasm: ${TOWER_OPTIONS}`,
  runs: 3,
  setup: setupTower,
  run: towerStep,
  teardown: (ctx) => ctx.tower.dispose(),
};
export default bench;
