/**
 * Charts drawn on the server as SVG geometry for the templates: no JavaScript, no inline styles
 * (the pages' content security policy allows none), colours as presentation attributes. Each
 * chart is shown with its table, which is what screen readers read.
 */
export interface Bar {
  label: string;
  value: number;
  y: number;
  width: number;
  labelY: number;
}

export interface BarChart {
  width: number;
  height: number;
  labelWidth: number;
  bars: Bar[];
  barHeight: number;
}

const LABEL_WIDTH = 260;
const PLOT_WIDTH = 420;

/** A horizontal bar per row, longest for the largest value; zero is an empty bar. */
export function barChart(rows: Array<{ label: string; value: number }>): BarChart {
  const barHeight = 28;
  const gap = 12;
  const max = Math.max(1, ...rows.map((r) => r.value));
  return {
    width: LABEL_WIDTH + PLOT_WIDTH + 60,
    height: Math.max(1, rows.length) * (barHeight + gap) + gap,
    labelWidth: LABEL_WIDTH,
    barHeight,
    bars: rows.map((r, i) => {
      const y = gap + i * (barHeight + gap);
      return {
        label: r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label,
        value: r.value,
        y,
        width: Math.round((r.value / max) * PLOT_WIDTH),
        labelY: y + barHeight / 2 + 5,
      };
    }),
  };
}

export interface Segment {
  series: string;
  y: number;
  height: number;
  colour: string;
}

export interface Column {
  label: string;
  total: number;
  x: number;
  segments: Segment[];
}

export interface ColumnChart {
  width: number;
  height: number;
  plotTop: number;
  plotBottom: number;
  columnWidth: number;
  max: number;
  ticks: Array<{ value: number; y: number }>;
  columns: Column[];
  legend: Array<{ series: string; colour: string; x: number }>;
}

/** Columns of stacked series (in the order given, first at the bottom), with a scale and a legend. */
export function stackedColumns(
  columns: Array<{ label: string; values: Record<string, number> }>,
  series: Array<{ key: string; label: string; colour: string }>,
): ColumnChart {
  const left = 50;
  const columnWidth = 36;
  const gap = 18;
  const plotTop = 20;
  const plotBottom = 260;
  const totals = columns.map((c) => series.reduce((sum, s) => sum + (c.values[s.key] ?? 0), 0));
  const max = niceCeiling(Math.max(1, ...totals));
  const scale = (plotBottom - plotTop) / max;
  const step = max <= 5 ? 1 : max / 5;
  const ticks = [];
  for (let v = 0; v <= max; v += step) ticks.push({ value: v, y: Math.round(plotBottom - v * scale) });
  return {
    width: left + columns.length * (columnWidth + gap) + gap,
    height: plotBottom + 70,
    plotTop,
    plotBottom,
    columnWidth,
    max,
    ticks,
    columns: columns.map((c, i) => {
      let base = plotBottom;
      const segments = series
        .map((s) => {
          const height = Math.round((c.values[s.key] ?? 0) * scale);
          base -= height;
          return { series: s.label, y: base, height, colour: s.colour };
        })
        .filter((s) => s.height > 0);
      return { label: c.label, total: totals[i], x: left + gap + i * (columnWidth + gap), segments };
    }),
    legend: series.map((s, i) => ({ series: s.label, colour: s.colour, x: left + i * 150 })),
  };
}

/** The smallest of 1, 2, 5 times a power of ten at or above a value: a scale that reads well. */
export function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}
