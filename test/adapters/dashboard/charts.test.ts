import { beforeAll, describe, expect, it } from 'vitest';
import { chartFigure, loadCharts, SERIES_COLOURS } from '../../../adapters/dashboard/charts.js';

const pct = (n: number) => `${Math.round(n * 100)}%`;

describe('server-rendered charts', () => {
  beforeAll(() => loadCharts());

  it('draw an SVG in a figure, named for assistive technology by its caption and numbers', () => {
    const out = chartFigure({
      kind: 'line',
      title: 'Handoffs started per week',
      summary: 'Nov 23: 4, Nov 30: 6',
      categories: ['Nov 23', 'Nov 30'],
      series: [{ name: 'Started', data: [4, 6] }],
      formatValue: String,
    }).value;
    expect(out).toMatch(
      /^<figure class="chart"><svg role="img" aria-label="Handoffs started per week: Nov 23: 4, Nov 30: 6" focusable="false" width="640" height="280"/,
    );
    expect(out).toContain('<figcaption>Handoffs started per week</figcaption></figure>');
    expect(out).toContain('>Nov 30</text>');
    expect(out).toContain(`stroke="${SERIES_COLOURS[0]}"`);
  });

  it('keep text that is markup as text, in the drawing and in its name', () => {
    const out = chartFigure({
      kind: 'bar',
      title: 'SLA <b>by</b> team',
      summary: '"><script>alert(1)</script>',
      categories: ['<img src=x onerror=alert(1)>', 'B&B'],
      series: [
        { name: 'Accepted "in time"', data: [0.5, null] },
        { name: 'Contacted', data: [0.25, 1] },
      ],
      percent: true,
      formatValue: pct,
    }).value;
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;</text>');
    expect(out).toContain('aria-label="SLA &lt;b&gt;by&lt;/b&gt; team: &quot;&gt;&lt;script&gt;');
    // A share axis runs 0–100% whatever the data.
    expect(out).toContain('>100%</text>');
  });
});
