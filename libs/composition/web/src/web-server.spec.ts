import nunjucks from 'nunjucks';
import { trimFilter } from './web-server';

describe("the views' trim filter", () => {
  const builtIn = (value: unknown) => new nunjucks.Environment().getFilter('trim')(value) as unknown;

  it('trims as Nunjucks does, every kind of space and line end', () => {
    for (const text of [
      '',
      '   ',
      'text',
      '  <p>a  b</p>\n\n',
      '\t\r\n\u00a0\u2028\ufeff x \u3000\u202f',
      ' a\n    b\n      c  ',
    ])
      expect(trimFilter(text)).toBe(builtIn(text));
  });

  it('keeps HTML marked safe as safe, and text as text', () => {
    const safe = trimFilter(new nunjucks.runtime.SafeString('  <b>x</b> \n'));
    expect(safe).toBeInstanceOf(nunjucks.runtime.SafeString);
    expect(String(safe)).toBe('<b>x</b>');
    expect(typeof trimFilter('  x ')).toBe('string');
  });

  it('is the one the views use, on long indented HTML as GOV.UK Frontend’s macros make', () => {
    const html = `${'<option value="x">An officer (Essex Police)</option>\n'.concat(' '.repeat(2000))}`.repeat(100);
    const env = new nunjucks.Environment();
    env.addFilter('trim', trimFilter);
    expect(env.renderString('{{ html | trim | length }}', { html })).toBe(String(html.trim().length));
  });
});
