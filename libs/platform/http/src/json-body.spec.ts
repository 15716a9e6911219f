import { BodyRefusedError, charsetOf, jsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './json-body';

const refusal = (body: string, contentType = 'application/json') => {
  try {
    parseJsonBody(Buffer.from(body, 'utf8'), contentType);
  } catch (error) {
    if (error instanceof BodyRefusedError) return { status: error.statusCode, code: error.code };
    throw error;
  }
  return undefined;
};

describe('reading a JSON body', () => {
  it('measures nesting without counting brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('{"a":"[[[[{{{{\\"[["}')).toBe(1);
    expect(jsonDepth('"x"')).toBe(0);
  });

  it('refuses a body nested deeper than any request with 400, at any depth', () => {
    for (const depth of [MAX_JSON_DEPTH + 1, 1_400, 100_000]) {
      expect(refusal(`{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`)).toEqual({
        status: 400,
        code: 'HTTP.BODY_TOO_DEEP',
      });
    }
    expect(
      parseJsonBody(Buffer.from(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`), 'application/json'),
    ).toBeDefined();
  });

  it('reads UTF-8 only: another declared charset is 415, bytes that are not UTF-8 are 400', () => {
    expect(charsetOf('application/json; charset="UTF-8"')).toBe('utf-8');
    expect(parseJsonBody(Buffer.from('{"name":"Zoë"}'), 'application/json; charset=UTF-8')).toEqual({ name: 'Zoë' });
    for (const charset of ['utf-16', 'latin1', 'iso-8859-1', '']) {
      expect(refusal('{}', `application/json; charset=${charset}`)).toEqual({
        status: 415,
        code: 'HTTP.UNSUPPORTED_CHARSET',
      });
    }
    expect(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'application/json')).toThrow(
      expect.objectContaining({ code: 'HTTP.INVALID_UTF8' }),
    );
  });

  it('refuses malformed JSON and prototype keys, and reads an empty body as none', () => {
    expect(refusal('{"a":')).toEqual({ status: 400, code: 'HTTP.INVALID_JSON' });
    expect(refusal('{"__proto__":{"admin":true}}')).toEqual({ status: 400, code: 'HTTP.FORBIDDEN_PROPERTY' });
    expect(parseJsonBody(Buffer.from('  '), 'application/json')).toBeUndefined();
    expect(parseJsonBody(Buffer.from('null'), 'application/json')).toBeNull();
  });

  it('refuses control characters and unpaired surrogates in any string, names included, with 400', () => {
    const invalidText = { status: 400, code: 'HTTP.INVALID_TEXT' };
    for (const text of [
      '{"name":"Shop \\u0000 x"}',
      '{"a":{"b":["ok","\\u001b[31m"]}}',
      '{"note":"lone \\ud800 high"}',
      '{"note":"lone \\udc00 low"}',
      '{"note":"swapped \\udc00\\ud800"}',
      '{"note":"raw DEL \u007f"}',
      '{"note":"raw C1 \u0085"}',
      '{"na\\u0000me":"x"}',
    ]) {
      expect([text, refusal(text)]).toEqual([text, invalidText]);
    }
  });

  it('names the fields at fault as validation does, and never repeats a name no request declares', () => {
    const errorsOf = (text: string) => {
      try {
        parseJsonBody(Buffer.from(text), 'application/json');
      } catch (error) {
        return (error as BodyRefusedError).errors;
      }
      return undefined;
    };
    expect(errorsOf('{"reporter":{"kind":"business","name":"Shop \\u0000"},"aliases":["ok","A\\u0007"]}')).toEqual([
      'reporter.name must not hold control characters (other than tab and line breaks) or unpaired surrogates',
      'aliases.1 must not hold control characters (other than tab and line breaks) or unpaired surrogates',
    ]);
    expect(errorsOf('{"Secret-name x":{"inner":"\\u0000"}}')).toEqual([
      'the body must not hold control characters (other than tab and line breaks) or unpaired surrogates',
    ]);
    expect(errorsOf('{"a":{"Secret\\u0000name":1}}')).toEqual([
      'a holds a property name with control characters or unpaired surrogates',
    ]);
  });

  it('reads text with line breaks, tabs, escapes and characters beyond the basic plane as sent', () => {
    const body = '{"note":"line\\nbreak\\ttab \\r\\n \\"quoted\\" \\\\u0000 \\u00e9 \\ud83d\\ude00 😀 \u00a0"}';
    expect(parseJsonBody(Buffer.from(body), 'application/json')).toEqual({
      note: 'line\nbreak\ttab \r\n "quoted" \\u0000 é 😀 😀 \u00a0',
    });
  });
});
