import { BatonError } from '../../src/errors.js';
import { escapeHtml, type Html, html, raw } from './html.js';

type Echarts = typeof import('echarts/core');
type EChartsCoreOption = import('echarts/core').EChartsCoreOption;
let echarts: Echarts | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the chart library, once, before a page draws its first chart. echarts is hundreds of
 * modules: loaded with the dashboard at start-up it was about a tenth of the time to /readyz
 * (0.25-0.6 s here) and its code stayed in memory in a Baton whose dashboard nobody opened.
 * Only what the dashboard draws is registered: the whole library would load every chart type.
 */
export function loadCharts(): Promise<void> {
  loading ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]);
    core.use([
      charts.LineChart,
      charts.BarChart,
      components.GridComponent,
      components.LegendComponent,
      renderers.SVGRenderer,
    ]);
    echarts = core;
  })().catch((err: unknown) => {
    // Tried again on the next page rather than failing every page from now on.
    loading = undefined;
    throw err;
  });
  return loading;
}

/**
 * Colours for series on white, each at least 4.5:1 against it (text-level
 * contrast, above the 3:1 graphics need), and told apart without colour too:
 * each series has its own line dash and symbol.
 */
export const SERIES_COLOURS = ['#0550ae', '#953800', '#116329', '#6639ba'] as const;
const TEXT = '#1f2328';
const AXIS = '#57606a';
const SPLIT = '#d0d7de';
const DASHES = ['solid', 'dashed', 'dotted', 'solid'] as const;
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond'] as const;

export interface ChartSeries {
  name: string;
  /** One value per category; null where there is none (a gap in the line). */
  data: ReadonlyArray<number | null>;
}

export interface ChartSpec {
  kind: 'line' | 'bar';
  /** The figure's caption, also the start of its accessible name. */
  title: string;
  /** The same numbers in words, for the accessible name ("Nov 23: 4, Nov 30: 6"). */
  summary: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  /** Values are shares (0..1), shown as percents on a 0–100% axis. */
  percent?: boolean;
  /** Axis labels in the reader's locale. */
  formatValue: (n: number) => string;
  width?: number;
  height?: number;
}

/** The ECharts option for a spec: static (no animation, no tooltip), readable colours. */
function optionOf(spec: ChartSpec): EChartsCoreOption {
  return {
    animation: false,
    textStyle: { color: TEXT, fontFamily: 'system-ui, sans-serif', fontSize: 12 },
    // The server measures legend text without the browser's fonts: a wide gap keeps entries apart.
    legend: spec.series.length > 1 ? { top: 0, itemGap: 32, textStyle: { color: TEXT } } : { show: false },
    grid: { left: 56, right: 16, top: spec.series.length > 1 ? 36 : 16, bottom: 40 },
    xAxis: {
      type: 'category',
      data: [...spec.categories],
      axisLine: { lineStyle: { color: AXIS } },
      axisLabel: { color: TEXT, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      minInterval: spec.percent ? 0 : 1,
      ...(spec.percent ? { min: 0, max: 1 } : {}),
      axisLine: { show: true, lineStyle: { color: AXIS } },
      splitLine: { lineStyle: { color: SPLIT } },
      axisLabel: { color: TEXT, formatter: (v: number) => spec.formatValue(v) },
    },
    series: spec.series.map((s, i) => ({
      type: spec.kind,
      name: s.name,
      data: s.data.map((v) => (v === null ? '-' : v)),
      itemStyle: { color: SERIES_COLOURS[i % SERIES_COLOURS.length] },
      ...(spec.kind === 'line'
        ? {
            symbol: SYMBOLS[i % SYMBOLS.length],
            symbolSize: 7,
            lineStyle: { width: 2, type: DASHES[i % DASHES.length] },
          }
        : { barMaxWidth: 32 }),
    })),
  };
}

/** The chart as SVG markup, rendered on the server with no DOM. */
export function renderChartSvg(spec: ChartSpec): string {
  if (!echarts)
    throw new BatonError(
      'CHARTS_NOT_LOADED',
      'Charts are drawn after `await loadCharts()`: call it first in the page.',
    );
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width ?? 640,
    height: spec.height ?? 280,
  });
  try {
    chart.setOption(optionOf(spec));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * A chart in a figure with its caption. The SVG is one image to assistive
 * technology (role="img"), named by the caption and the numbers; the page
 * puts the same numbers in a table next to it.
 */
export function chartFigure(spec: ChartSpec): Html {
  const label = escapeHtml(`${spec.title}: ${spec.summary}`);
  const svg = renderChartSvg(spec).replace(
    /^<svg\b/,
    `<svg role="img" aria-label="${label}" focusable="false"`,
  );
  return html`<figure class="chart">${raw(svg)}<figcaption>${spec.title}</figcaption></figure>`;
}
