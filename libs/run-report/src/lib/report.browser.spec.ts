import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { writeRunReport } from './report';
import { writeFixtureRun } from './testing/fixture';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
const describeWithChromium = fs.existsSync(CHROMIUM) ? describe : describe.skip;
if (!fs.existsSync(CHROMIUM))
  console.warn(`run-report browser test skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describeWithChromium('run report in headless Chromium', () => {
  it('renders every chart with data marks, offline, with no console error, and saves a screenshot', async () => {
    const { chromium } = await import('playwright-core');
    const dir = writeFixtureRun({ ablation: true });
    const file = path.join(dir, 'report', 'report.html');
    await writeRunReport(dir, file);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    try {
      const context = await browser.newContext({ offline: true, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('request', (r) => requests.push(r.url()));
      // Anything but the page itself is aborted: the report must not need it.
      const pageUrl = pathToFileURL(file).href;
      await page.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));
      await page.goto(pageUrl, { waitUntil: 'load' });
      const charts = await page.$$eval('figure.chart', (figs) =>
        figs.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            id: f.getAttribute('data-chart'),
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            dataMarks: svg
              ? svg.querySelectorAll('g.role-mark > path, g.role-mark > line, g.role-mark > rect, g.role-mark > text')
                  .length
              : 0,
          };
        }),
      );
      expect(charts.length).toBe(19);
      for (const c of charts) {
        expect({ id: c.id, ok: c.width > 50 && c.height > 50 && c.dataMarks > 0 }).toEqual({ id: c.id, ok: true });
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([pageUrl]);
      const shot = path.join(os.tmpdir(), 'vidsim-run-report-fixture.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);
      console.log(`run-report screenshot: ${shot}`);
    } finally {
      await browser.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
