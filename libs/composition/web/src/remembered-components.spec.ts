import nunjucks from 'nunjucks';
import path from 'node:path';
import { rememberedComponents } from './remembered-components';
import { trimFilter } from './web-server';

const govuk = path.join(path.dirname(require.resolve('govuk-frontend/package.json')), 'dist');

/** An environment as the web server configures it, with `govukComponent` remembering at most `max`. */
function environment(max?: number) {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([govuk]), { autoescape: true });
  env.addFilter('trim', trimFilter);
  const component = rememberedComponents(env, max);
  env.addGlobal('govukComponent', component);
  return { env, component };
}

const DATE = {
  id: 'from',
  namePrefix: 'from',
  fieldset: { legend: { text: 'From (first day)', classes: 'govuk-fieldset__legend--s' } },
  hint: { text: 'For example, 1 4 2026.' },
  errorMessage: { text: 'Enter a real date' },
  items: [
    { name: 'day', value: '31', classes: 'govuk-input--width-2 govuk-input--error' },
    { name: 'month', value: '2', classes: 'govuk-input--width-2' },
    { name: 'year', value: '2026', classes: 'govuk-input--width-4' },
  ],
};
const SELECT = {
  id: 'userId',
  name: 'userId',
  label: { text: 'Who' },
  value: 'u2',
  items: [
    { value: '', text: 'Anyone' },
    { value: 'u1', text: 'An <officer> & co' },
    { value: 'u2', text: 'Another officer' },
  ],
};
const NAVIGATION = {
  serviceName: 'Hubline',
  serviceUrl: '/',
  navigation: [
    { href: '/my-actions', text: 'Actions', active: true },
    { href: '/find-a-person', text: 'Find a person', active: false },
  ],
  navigationLabel: 'Menu',
};

describe('govukComponent, GOV.UK Frontend components remembered by their params', () => {
  it('writes exactly what the component’s own macro writes', () => {
    const { env } = environment();
    for (const [component, macro, params] of [
      ['date-input', 'govukDateInput', DATE],
      ['select', 'govukSelect', SELECT],
      ['service-navigation', 'govukServiceNavigation', NAVIGATION],
      ['footer', 'govukFooter', {}],
      ['button', 'govukButton', { text: 'Apply filters', classes: 'govuk-button--secondary' }],
    ] as const) {
      const direct = env.renderString(
        `{% from "govuk/components/${component}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`,
        { params },
      );
      expect(direct).toContain('govuk-');
      expect(env.renderString(`{{ govukComponent("${component}", params) }}`, { params })).toBe(direct);
      // Remembered: the same again, not escaped a second time.
      expect(env.renderString(`{{ govukComponent("${component}", params) }}`, { params })).toBe(direct);
    }
  });

  it('escapes what its params hold as the macro does', () => {
    const { env } = environment();
    const html = env.renderString('{{ govukComponent("select", params) }}', { params: SELECT });
    expect(html).toContain('An &lt;officer&gt; &amp; co');
    expect(html).not.toContain('<officer>');
  });

  it('answers other params with other HTML, and the same params with the HTML remembered', () => {
    const { component } = environment();
    const first = component('select', SELECT);
    expect(component('select', { ...SELECT })).toBe(first);
    const other = component('select', { ...SELECT, value: 'u1' });
    expect(other).not.toBe(first);
    expect(String(other)).toMatch(/value="u1" selected/);
    expect(String(first)).toMatch(/value="u2" selected/);
  });

  it('forgets the least recently used HTML past its bound', () => {
    const { component } = environment(2);
    const a = component('button', { text: 'A' });
    const b = component('button', { text: 'B' });
    expect(component('button', { text: 'A' })).toBe(a); // A is now the most recent
    component('button', { text: 'C' }); // B is forgotten
    expect(component('button', { text: 'A' })).toBe(a);
    const b2 = component('button', { text: 'B' });
    expect(b2).not.toBe(b);
    expect(String(b2)).toBe(String(b));
  });

  it('refuses a name that is not a component’s', () => {
    const { component } = environment();
    for (const name of ['../../x', 'Select', 'select/../input', '', 'date_input'])
      expect(() => component(name, {})).toThrow(/not a GOV.UK Frontend component/);
  });
});
