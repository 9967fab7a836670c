#!/usr/bin/env bash
# vidsim's tower step against its PyTorch twin, interleaved in one window (issue 16's yardstick).
# Usage: bash tools/bench/torch-window.sh [rounds=3] [sizes="tiny small"]
# Needs ../shared/bench/torch_tower.py and Debian's PyTorch (apt-get install -y python3-torch).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
sizes=${2:-tiny small}
twin=../shared/bench/torch_tower.py
[ -f "$twin" ] || { echo "torch-window: $twin not found (the PyTorch twin lives in ../shared/bench)" >&2; exit 2; }
/usr/bin/python3 -c 'import torch' 2>/dev/null || { echo "torch-window: no PyTorch: apt-get install -y python3-torch" >&2; exit 2; }
echo "# $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
  for size in $sizes; do
    preset=$([ "$size" = tiny ] && echo vidsim-tiny || echo tiny)
    torch=$(cd "$(dirname "$twin")" && OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 torch_tower.py --preset "$preset" \
      --mode pointwise --steps 5 --warmup 2 --threads 2 --infer-steps 0 2>&1 | grep -o "'train_steps_ms': \[[^]]*\]" | head -1)
    ours=$(npx tsx tools/bench/src/main.ts tower --size "$size" --runs 6 2>&1 | grep '^tower:')
    echo "round $round $size | torch ${torch#\'train_steps_ms\': } | vidsim $ours"
  done
done
