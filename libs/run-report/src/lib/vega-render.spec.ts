import { renderSvg } from './vega-render';

describe('renderSvg', () => {
  it('renders a Vega-Lite point chart to an SVG with one symbol per row', async () => {
    const svg = await renderSvg({
      data: {
        values: [
          { a: 1, b: 2 },
          { a: 2, b: 3 },
          { a: 3, b: 1 },
        ],
      },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } },
      config: { aria: false },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    const marks = /<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/.exec(svg);
    expect(marks).not.toBeNull();
    expect(marks![1].match(/<path/g)).toHaveLength(3);
  });
});
