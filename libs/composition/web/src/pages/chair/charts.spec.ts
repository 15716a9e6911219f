import { barChart, niceCeiling, stackedColumns } from './charts';

describe('server-drawn charts', () => {
  it('draws bars in proportion to their values, the largest the full width', () => {
    const chart = barChart([
      { label: 'Police', value: 4 },
      { label: 'Housing', value: 2 },
      { label: 'Fire', value: 0 },
    ]);
    expect(chart.bars.map((b) => b.width)).toEqual([420, 210, 0]);
    expect(chart.bars[1].y).toBeGreaterThan(chart.bars[0].y);
    expect(chart.height).toBeGreaterThan(chart.bars[2].y + chart.barHeight);
  });

  it('stacks each column’s series from the bottom, on a scale that reads well', () => {
    const chart = stackedColumns(
      [
        { label: 'Jan', values: { high: 3, medium: 4 } },
        { label: 'Feb', values: { high: 0, medium: 1 } },
      ],
      [
        { key: 'medium', label: 'Medium', colour: '#ffdd00' },
        { key: 'high', label: 'High', colour: '#f47738' },
      ],
    );
    expect(chart.max).toBe(10);
    const [jan, feb] = chart.columns;
    expect(jan.total).toBe(7);
    expect(jan.segments.map((s) => s.series)).toEqual(['Medium', 'High']);
    expect(jan.segments[0].y + jan.segments[0].height).toBe(chart.plotBottom);
    expect(jan.segments[1].y + jan.segments[1].height).toBe(jan.segments[0].y);
    expect(jan.segments[0].height).toBe(96);
    expect(feb.segments).toHaveLength(1);
    expect(chart.ticks.at(-1)).toEqual({ value: 10, y: chart.plotTop });
  });

  it('rounds a scale up to 1, 2 or 5 times a power of ten', () => {
    expect([1, 3, 7, 12, 20, 48, 101].map(niceCeiling)).toEqual([1, 5, 10, 20, 20, 50, 200]);
  });
});
