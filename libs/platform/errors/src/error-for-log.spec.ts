import { errorForLog } from './index';

describe('errorForLog', () => {
  it('keeps only codes and schema objects of a database error', () => {
    const dbError = Object.assign(new Error('duplicate key value violates unique constraint'), {
      severity: 'ERROR',
      code: '23505',
      detail: 'Key (name)=(Jane Smith) already exists.',
      table: 'people',
      constraint: 'people_name_key',
      client: { connectionParameters: { password: 'secret' } },
    });
    const logged = JSON.stringify(errorForLog(dbError));
    expect(logged).toContain('23505');
    expect(logged).toContain('people_name_key');
    expect(logged).not.toMatch(/Jane|secret|duplicate key/);
  });

  it('keeps the message and stack of other errors', () => {
    expect(errorForLog(new TypeError('x is undefined'))).toMatchObject({
      type: 'TypeError',
      message: 'x is undefined',
    });
    expect(errorForLog('a string')).toEqual({ type: 'string' });
  });
});
