import { PageInputRefused } from '../web-context';
import { checkPageInput, parseForm } from './page-input';

const FORM = 'application/x-www-form-urlencoded';
const statusOf = (run: () => unknown) => {
  try {
    run();
    return 'read';
  } catch (error) {
    return error instanceof PageInputRefused ? error.status : error;
  }
};

describe('what a page may be sent', () => {
  it('reads a UTF-8 form as one string per field', () => {
    expect({ ...parseForm(Buffer.from('_csrf=a%2Bb&notes=caf%C3%A9+au+lait&empty=&flag'), FORM) }).toEqual({
      _csrf: 'a+b',
      notes: 'café au lait',
      empty: '',
      flag: '',
    });
    expect(statusOf(() => parseForm(Buffer.from('a=1'), `${FORM}; charset=UTF-8`))).toBe('read');
  });

  it('refuses a form no page sends', () => {
    expect(statusOf(() => parseForm(Buffer.from('a=1&a=2'), FORM))).toBe(400);
    expect(statusOf(() => parseForm(Buffer.from('a%5Bb%5D=c'), FORM))).toBe(400);
    expect(statusOf(() => parseForm(Buffer.from('a[b]=c'), FORM))).toBe(400);
    expect(statusOf(() => parseForm(Buffer.from('a=%E0%A4%A'), FORM))).toBe(400);
    expect(statusOf(() => parseForm(Buffer.from([0x61, 0x3d, 0xc3, 0x28]), FORM))).toBe(400);
    expect(statusOf(() => parseForm(Buffer.from('a=1'), `${FORM}; charset=latin1`))).toBe(415);
    expect(
      statusOf(() => parseForm(Buffer.from(Array.from({ length: 1001 }, (_, i) => `f${i}=`).join('&')), FORM)),
    ).toBe(400);
  });

  it('refuses a query field given twice, bracketed, or too long, and any body but a form', () => {
    const get = (query: unknown) => statusOf(() => checkPageInput({ method: 'GET', headers: {}, query }));
    expect(get({ purpose: 'case_management', 'from-day': '1' })).toBe('read');
    expect(get({ purpose: ['a', 'b'] })).toBe(400);
    expect(get({ 'purpose[a]': 'x' })).toBe(400);
    expect(get({ purpose: 'x'.repeat(2_001) })).toBe(400);
    expect(get(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`f${i}`, ''])))).toBe(400);
    const post = (contentType: string, body: unknown) =>
      statusOf(() => checkPageInput({ method: 'POST', headers: { 'content-type': contentType }, body }));
    expect(post(FORM, { _csrf: 'x' })).toBe('read');
    expect(post('application/json', { _csrf: 'x' })).toBe(415);
    expect(post('application/json', null)).toBe(415);
    expect(post(FORM, { _csrf: ['x'] })).toBe(400);
  });
});
