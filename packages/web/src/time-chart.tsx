import 'uplot/dist/uPlot.min.css';
import './charts.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

export interface TimeChartProps {
  /** What the chart shows, in one sentence: its accessible name. */
  title: string;
  /** Unix seconds, ascending. */
  x: number[];
  series: ChartSeries[];
  /** Bars for per-bucket counts; lines (default) for running totals. */
  bars?: boolean;
  height?: number;
  /** Turns a y value into text for the axis, the legend and the table (money, percentages). */
  format?: (value: number) => string;
  testId?: string;
  /** The title of the time axis, also the header of the time column of the visually-hidden table. */
  timeLabel?: string;
  /** The title of the value axis: what is counted ("Tickets", "Revenue"). */
  valueLabel?: string;
  /** The length of one bucket in seconds (3600 for a chart per hour): no time tick is finer than it. */
  step?: number;
  /**
   * The span of time on the x axis, in unix seconds. Without it uPlot fits the data, which for a single
   * point (the first sale) means a span of years.
   */
  xRange?: [number, number];
  /** Counts of things (tickets, entries): y ticks on whole numbers only. */
  counts?: boolean;
}

/**
 * The series colours, distinguishable in both schemes and at least 3:1 against both backgrounds, taken
 * from the theme so a chart follows a change of colour scheme like everything else.
 */
const paletteVars = ['--accent', '--ok', '--warn', '--bad', '--chart-5', '--chart-6'];

function themeColours() {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--muted', '#b4bcc8'),
    grid: read('--surface-2', '#252a33'),
    axis: read('--border', '#5b6472'),
    palette: paletteVars.map((name, i) => read(name, ['#8ab4ff', '#5fd68a', '#ffd166', '#ff8a80', '#d0a4ff', '#7fd8e6'][i]!)),
  };
}

/** Whole minutes and up: the finest bucket any chart has. */
const timeSteps = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800, 2_592_000];

/** The page's language for dates and times; English the European way (6 Dec, 22:00), as the apps write it. */
const language = () => (document.documentElement.lang === 'nl' ? 'nl-NL' : 'en-GB');

/** Time ticks in the page's language (uPlot's own are American): hours and minutes within a day, else dates. */
function timeTicks(_u: uPlot, splits: number[], _axis: number, _space: number, increment: number) {
  const format = new Intl.DateTimeFormat(language(), increment < 86_400 ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : { day: 'numeric', month: 'short' });
  return splits.map((seconds) => format.format(new Date(seconds * 1000)));
}

/** A moment of the chart in full, in the page's language: the legend's time while pointing, and the table's rows. */
const momentText = (seconds: number) => new Date(seconds * 1000).toLocaleString(language(), { dateStyle: 'medium', timeStyle: 'short' });

function options(props: TimeChartProps, width: number): uPlot.Options {
  const colours = themeColours();
  const format = props.format ?? ((v: number) => String(Math.round(v * 100) / 100));
  const axis = {
    stroke: colours.text,
    font: '13px system-ui, sans-serif',
    labelFont: '600 13px system-ui, sans-serif',
    labelSize: 20,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.axis, width: 1 },
  };
  const xRange = props.xRange;
  const step = props.step ?? 60;
  return {
    width,
    height: props.height ?? 240,
    scales: { x: { time: true, ...(xRange ? { range: (): uPlot.Range.MinMax => xRange } : {}) }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] } },
    axes: [
      { ...axis, label: props.timeLabel, values: timeTicks, space: 70, incrs: timeSteps.filter((seconds) => seconds >= step) },
      { ...axis, label: props.valueLabel, size: 70, ...(props.counts ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000] } : {}), values: (_u, ticks) => ticks.map(format) },
    ],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    // The legend shows values only while a point is pointed at (charts.css); else it names the series, without placeholders.
    hooks: { setCursor: [(u: uPlot) => u.root.closest('.chart')?.classList.toggle('pointing', u.cursor.idx !== null && u.cursor.idx !== undefined)] },
    series: [
      { label: props.timeLabel ?? 'Time', value: (_u: uPlot, v: number | null) => (v === null ? '' : momentText(v)) },
      ...props.series.map((s, i) => {
        const colour = colours.palette[i % colours.palette.length]!;
        return {
          label: s.label,
          stroke: colour,
          width: 2,
          value: (_u: uPlot, v: number | null) => (v === null ? '' : format(v)),
          ...(props.bars ? { fill: colour, paths: uPlot.paths.bars!({ size: [0.7, 40] }), points: { show: false } } : { points: { show: props.x.length < 40 } }),
        };
      }),
    ],
  };
}

/**
 * A uPlot time chart that fills its container's width, redraws on resize and on a change of colour
 * scheme, and carries a visually-hidden table of its most recent values for screen readers.
 */
export function TimeChart(props: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data = [props.x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
  const shape = [props.bars, props.step, props.timeLabel, props.valueLabel, ...props.series.map((s) => s.label)].join('|');

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    const make = () => {
      plot.current?.destroy();
      plot.current = new uPlot(options(props, Math.max(240, element.clientWidth)), data, element);
    };
    make();
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: Math.max(240, element.clientWidth), height: props.height ?? 240 }));
    resize.observe(element);
    const scheme = matchMedia('(prefers-color-scheme: light)');
    scheme.addEventListener('change', make);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', make);
      plot.current?.destroy();
      plot.current = null;
    };
    // The plot is rebuilt only when its series, axis titles or bucket change; new data goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const format = props.format ?? String;
  // The table holds the latest twelve points: what a sighted reader takes from the chart's right end.
  const start = Math.max(0, props.x.length - 12);
  const recent = props.x.slice(start).map((_, offset) => start + offset);
  return (
    <figure className="chart" data-testid={props.testId}>
      <div ref={holder} role="img" aria-label={props.title} />
      {/* A table ignores width: 1px, so the hiding box is a div around it (else it widens a phone's page). */}
      <div className="visually-hidden">
        <table>
          <caption>{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">{props.timeLabel ?? 'Time'}</th>
              {props.series.map((s) => (
                <th scope="col" key={s.label}>{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {recent.map((i) => (
              <tr key={props.x[i]}>
                <th scope="row">{momentText(props.x[i]!)}</th>
                {props.series.map((s) => (
                  <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '–' : format(s.values[i]!)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
