import { spawn } from 'child_process';
import * as path from 'path';

// `npx vidsim` runs apps/cli/bin/vidsim.js (the workspace bin); every command answers --help the same way: its
// usage on stdout, exit 0, no work done.
const root = path.resolve(__dirname, '../../..');
const bin = path.join(root, 'apps/cli/bin/vidsim.js');

function vidsim(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: root });
    let out = '',
      err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the vidsim command', () => {
  it('lists every command, and each one answers --help with its usage', async () => {
    const listed = [
      'corpus',
      'prepare',
      'features',
      'pretrain',
      'pointwise',
      'pairwise',
      'submit',
      'ablation',
      'demo',
      'report',
      'doctor',
      'smoke',
    ];
    // each kind of command once (stages share stageMain): two at a time, as the machine has two cores
    const commands = ['prepare', 'pairwise', 'demo', 'report', 'doctor', 'smoke'];
    const top = await vidsim('--help');
    const each: Awaited<ReturnType<typeof vidsim>>[] = [];
    for (let i = 0; i < commands.length; i += 2)
      each.push(...(await Promise.all(commands.slice(i, i + 2).map((c) => vidsim(c, '--help')))));
    expect(top.code).toBe(0);
    for (const c of listed) expect(top.out).toMatch(new RegExp(`^  ${c} `, 'm'));
    each.forEach((r, i) => {
      expect({ command: commands[i], code: r.code, err: r.err }).toEqual({ command: commands[i], code: 0, err: '' });
      expect(r.out).toMatch(new RegExp(`^usage: vidsim ${commands[i]}\\b`));
    });
    expect(each[commands.indexOf('pairwise')].out).toContain('--fold');
    expect(each[commands.indexOf('prepare')].out).toContain('--workers');
  });

  it('refuses unknown commands and flags with exit 2 and the usage', async () => {
    const [bogus, flag] = await Promise.all([vidsim('bogus'), vidsim('demo', '--fast')]);
    const noRun = await vidsim('demo', '--run', 'no-such-run');
    expect(bogus.code).toBe(2);
    expect(bogus.err).toContain("vidsim: unknown command 'bogus'");
    expect(flag.code).toBe(2);
    expect(flag.err).toContain("vidsim demo: unknown argument '--fast'");
    expect(noRun.code).toBe(2);
    expect(noRun.err).toContain("no workspace run 'no-such-run'");
  });
});
