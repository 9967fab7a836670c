import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseReportArgs } from './report-args';

describe('parseReportArgs', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'report-args-'));
    fs.mkdirSync(path.join(cwd, 'apps/runs/demo'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'apps/runs/demo/run.json'), JSON.stringify({ preset: 'demo', name: 'demo-x' }));
    fs.mkdirSync(path.join(cwd, 'apps/runs/tiny'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'apps/runs/tiny/run.json'), JSON.stringify({ preset: 'tiny' }));
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  it('takes the run name from run.json, else from its folder', () => {
    expect(parseReportArgs(['--run', 'apps/runs/demo/run.json'], cwd)).toEqual({
      runName: 'demo-x',
      runDir: path.join(cwd, 'artifacts/demo-x'),
      outFile: path.join(cwd, 'artifacts/demo-x/report/report.html'),
    });
    expect(parseReportArgs(['--run', 'apps/runs/tiny/run.json'], cwd)).toMatchObject({ runName: 'tiny' });
    expect(parseReportArgs(['--run', 'apps/runs/demo'], cwd)).toMatchObject({ runName: 'demo-x' });
  });

  it('accepts a bare run name and an artifacts root', () => {
    expect(parseReportArgs(['--run', 'real', '--artifacts', '/data/art'], cwd)).toMatchObject({
      runName: 'real',
      outFile: '/data/art/real/report/report.html',
    });
  });

  it('answers --help with the usage, wherever it stands', () => {
    expect(parseReportArgs(['--help'], cwd)).toBe('help');
    expect(parseReportArgs(['--run', 'x', '-h'], cwd)).toBe('help');
  });

  it('rejects missing, unknown and bad arguments with the usage line', () => {
    expect(() => parseReportArgs([], cwd)).toThrow(/--run is required/);
    expect(() => parseReportArgs(['--run'], cwd)).toThrow(/--run needs a value/);
    expect(() => parseReportArgs(['--run', 'x', '--out', 'y'], cwd)).toThrow(/unknown argument '--out'/);
    expect(() => parseReportArgs(['--run', 'apps/runs/none/run.json'], cwd)).toThrow(/cannot read run config/);
    expect(() => parseReportArgs(['--run', '../etc'], cwd)).toThrow(/bad run name/);
  });
});
