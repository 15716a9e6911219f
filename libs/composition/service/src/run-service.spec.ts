import { EmbeddedPostgresError } from '@hubline/database';
import { StartUpRefusedError } from '@hubline/errors';
import { startUpFailure } from './run-service';

describe('startUpFailure', () => {
  it('prints a refusal the operator can act on as one line, without a stack', () => {
    const line = startUpFailure(
      'hub',
      new StartUpRefusedError(
        'HUBLINE_MASTER_KEY does not match the data keys of the 3 people already stored. Restore it.',
      ),
    );
    expect(line).toBe(
      'Hubline hub failed to start: HUBLINE_MASTER_KEY does not match the data keys of the 3 people already stored. Restore it.\n',
    );
    expect(startUpFailure('hub', new EmbeddedPostgresError('port taken', 'Free it')).split('\n')).toHaveLength(2);
  });

  it('keeps the stack of anything else', () => {
    expect(startUpFailure('hub', new TypeError('x is undefined'))).toMatch(/TypeError: x is undefined\n\s+at /);
  });
});
