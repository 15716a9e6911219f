import nunjucks from 'nunjucks';

/** GOV.UK Frontend's components by folder name: `date-input` is `govukDateInput`. */
const COMPONENT_NAME = /^[a-z]+(-[a-z]+)*$/;
const macroOf = (component: string) =>
  'govuk' + component.replace(/(^|-)([a-z])/g, (_match, _dash, letter: string) => letter.toUpperCase());

/** HTML remembered by default: a few hundred forms' fields and the layout's parts, a few MB at most. */
export const REMEMBERED_COMPONENTS = 500;

/**
 * `govukComponent(name, params)` for the templates: the HTML of GOV.UK Frontend's component
 * `name` (its folder, e.g. `"date-input"`) for `params`, exactly as its macro writes it, and
 * remembered for the same params. A component's macro is a pure function of its params, but
 * each call runs its template and those of the components inside it (a date input is a fieldset,
 * a hint, an error message and three inputs), and a filter form of a few of them cost more than
 * the rest of its page. Used for what repeats between requests (the layout's navigation and
 * footer, the filter forms' fields); never for a component whose params hold a person's data,
 * which would then stay in this process's memory. The least recently used HTML is forgotten
 * past `max` entries.
 */
export function rememberedComponents(
  env: nunjucks.Environment,
  max = REMEMBERED_COMPONENTS,
): (component: string, params: object) => nunjucks.runtime.SafeString {
  const templates = new Map<string, nunjucks.Template>();
  const remembered = new Map<string, nunjucks.runtime.SafeString>();
  const templateOf = (component: string) => {
    let template = templates.get(component);
    if (!template) {
      if (!COMPONENT_NAME.test(component)) throw new Error(`"${component}" is not a GOV.UK Frontend component's name`);
      const macro = macroOf(component);
      template = new nunjucks.Template(
        `{% from "govuk/components/${component}/macro.njk" import ${macro} %}{{ ${macro}(params) }}`,
        env,
        `govukComponent(${component})`,
        true,
      );
      templates.set(component, template);
    }
    return template;
  };
  return (component, params) => {
    const key = `${component}\u0000${JSON.stringify(params)}`;
    const hit = remembered.get(key);
    if (hit !== undefined) {
      // Most recently used last: the first key is the one to forget.
      remembered.delete(key);
      remembered.set(key, hit);
      return hit;
    }
    const html = new nunjucks.runtime.SafeString(templateOf(component).render({ params }));
    remembered.set(key, html);
    if (remembered.size > max) remembered.delete(remembered.keys().next().value!);
    return html;
  };
}
