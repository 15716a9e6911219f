import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes cells holding quotes, commas or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(['a', 'b'])).toBe('a; b');
    expect(csvCell(false)).toBe('false');
  });

  it('neutralises cells a spreadsheet would read as a formula', () => {
    for (const text of ['=1+1', '+44 1375', '-2', '@SUM(A1)', '\tx'])
      expect(csvCell(text).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('2025-01-01')).toBe('2025-01-01');
  });

  it('writes a header row and one CRLF-terminated line per row', () => {
    const csv = toCsv(
      [
        { header: 'id', value: (r: { id: string; n: number }) => r.id },
        { header: 'n', value: (r) => r.n },
      ],
      [
        { id: 'x', n: 1 },
        { id: 'y,z', n: 2 },
      ],
    );
    expect(csv).toBe('id,n\r\nx,1\r\n"y,z",2\r\n');
  });
});
