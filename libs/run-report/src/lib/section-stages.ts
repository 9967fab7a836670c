import { renderFigure } from './charts';
import { esc, fmtWall, notRun, section, table } from './html';
import { RunReadout } from './read-artifacts';
import { isNum } from './series';
import { examplesPerSecond, stageStatus, trainLines } from './stage-info';

const STATUS_CLASS = {
  done: 'status-done',
  incomplete: 'status-partial',
  'not run': 'status-missing',
  'not in this run': 'status-missing',
};

/** Every stage: status, when it finished, wall time, backend, steps, final loss, throughput; plus a wall-time chart. */
export async function stagesSection(run: RunReadout, problems: string[]): Promise<string> {
  const stageNames = [...run.stages.keys()];
  const rows = stageNames.map((name) => {
    const s = run.stages.get(name)!;
    const status = stageStatus(run, s);
    const r = s.record;
    const lines = trainLines(s);
    const seconds = r?.seconds;
    const steps = isNum(r?.results?.steps)
      ? r!.results!.steps
      : lines.length
        ? lines[lines.length - 1].step
        : undefined;
    const finalLoss = isNum(r?.results?.finalLoss)
      ? r!.results!.finalLoss
      : lines.length
        ? lines[lines.length - 1].loss
        : undefined;
    const note =
      status === 'incomplete'
        ? 'metrics.jsonl but no stage.json: running or interrupted'
        : status === 'not run'
          ? 'not run yet'
          : '';
    return {
      name,
      status,
      seconds,
      backend: r?.backend,
      cells: [
        name,
        { html: `<span class="${STATUS_CLASS[status]}">${esc(status)}</span>` },
        r?.finishedAt ?? null,
        isNum(seconds) ? fmtWall(seconds) : null,
        r?.backend ?? null,
        steps as number | undefined,
        finalLoss as number | undefined,
        examplesPerSecond(s),
        note,
      ],
    };
  });
  let body = table(
    ['stage', 'status', 'finished', 'wall time', 'backend', 'steps', 'final loss', 'examples/s (median)', 'note'],
    rows.map((r) => r.cells),
  );
  const timed = rows
    .filter((r) => isNum(r.seconds))
    .map((r) => ({ stage: r.name, seconds: r.seconds, backend: r.backend ?? 'none' }));
  body += timed.length
    ? `<div class="charts">${await renderFigure(
        {
          id: 'wall-time',
          title: 'Wall time per stage',
          caption: 'Seconds from stage start to stage.json; colour = TF.js backend.',
          spec: {
            data: { values: timed },
            height: { step: 18 },
            mark: 'bar',
            encoding: {
              y: { field: 'stage', type: 'nominal', sort: stageNames, title: null },
              x: { field: 'seconds', type: 'quantitative', title: 'seconds' },
              color: { field: 'backend', type: 'nominal', title: 'backend' },
            },
          },
        },
        problems,
      )}</div>`
    : notRun('No stage has finished yet: no wall times to chart.');
  return section('stages', 'Stages', body);
}
