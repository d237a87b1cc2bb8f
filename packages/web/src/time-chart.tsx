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
  /** Header of the time column of the visually-hidden table. */
  timeLabel?: string;
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

function options(props: TimeChartProps, width: number): uPlot.Options {
  const colours = themeColours();
  const format = props.format ?? ((v: number) => String(Math.round(v * 100) / 100));
  const axis = { stroke: colours.text, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.axis, width: 1 } };
  return {
    width,
    height: props.height ?? 240,
    scales: { x: { time: true }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max * 1.1)] } },
    axes: [axis, { ...axis, size: 60, values: (_u, ticks) => ticks.map(format) }],
    legend: { live: true },
    cursor: { drag: { x: false, y: false } },
    series: [
      {},
      ...props.series.map((s, i) => {
        const colour = colours.palette[i % colours.palette.length]!;
        return {
          label: s.label,
          stroke: colour,
          width: 2,
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
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
  const shape = `${props.bars}|${props.series.map((s) => s.label).join('|')}`;

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
    // The plot is rebuilt only when its series change; new data goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  const format = props.format ?? String;
  const recent = props.x.slice(-12).map((t, offset) => props.x.length - Math.min(12, props.x.length) + offset);
  return (
    <figure className="chart" data-testid={props.testId}>
      <div ref={holder} role="img" aria-label={props.title} />
      <table className="visually-hidden">
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
              <th scope="row">{new Date(props.x[i]! * 1000).toLocaleString()}</th>
              {props.series.map((s) => (
                <td key={s.label}>{s.values[i] === null || s.values[i] === undefined ? '–' : format(s.values[i]!)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
