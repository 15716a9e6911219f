import { BadRequestException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@hubline/errors';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@hubline/event-store';
import { toProblem } from './problem.filter';
import { parseIfMatch, etagOf, InvalidIfMatchError } from './versioning';

class ReferralClosed extends DomainError {
  readonly code = 'REFERRAL.ALREADY_CLOSED';
  readonly kind = 'conflict';
}

describe('toProblem', () => {
  it('gives a domain error its kind status and stable code', () => {
    expect(toProblem(new ReferralClosed('The referral is closed.', { closedOn: '2026-01-01' }), false)).toEqual({
      type: 'urn:hubline:problem:referral.already_closed',
      title: 'Conflict',
      status: 409,
      code: 'REFERRAL.ALREADY_CLOSED',
      detail: 'The referral is closed.',
      closedOn: '2026-01-01',
    });
  });

  it('never lets details replace the members of the problem (a person status is not an HTTP status)', () => {
    const problem = toProblem(
      new ReferralClosed('That record is merged.', { status: 'merged', code: 'x', title: 'y', mergedInto: 'p2' }),
      false,
    );
    expect(problem).toMatchObject({
      status: 409,
      code: 'REFERRAL.ALREADY_CLOSED',
      title: 'Conflict',
      mergedInto: 'p2',
    });
  });

  it("shows the web server's refusals in its own words, never quoting the URL or header refused", () => {
    const tooLong = Object.assign(new Error(`'/people/${'x'.repeat(5000)}' is exceeding the max param length`), {
      statusCode: 414,
      code: 'FST_ERR_MAX_PARAM_LENGTH',
    });
    const problem = toProblem(tooLong, false);
    expect(problem).toMatchObject({ status: 414, title: 'URI too long', code: 'HTTP.FST_ERR_MAX_PARAM_LENGTH' });
    expect(JSON.stringify(problem)).not.toContain('xxxx');
    const mediaType = Object.assign(new Error('Unsupported Media Type: text/<script>'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(JSON.stringify(toProblem(mediaType, false))).not.toContain('script');
  });

  it('makes a version conflict 412 when the client sent If-Match, 409 otherwise, with the current version', () => {
    const conflict = new WrongExpectedRevisionError('referral-1', 3, 5);
    expect(toProblem(conflict, true)).toMatchObject({ status: 412, code: 'HTTP.VERSION_MISMATCH', currentVersion: 5 });
    expect(toProblem(conflict, false)).toMatchObject({
      status: 409,
      code: 'EVENT_STORE.WRONG_EXPECTED_REVISION',
      currentVersion: 5,
    });
    expect(toProblem(new DuplicateEventIdError('s', ['x']), false)).toMatchObject({ status: 409 });
  });

  it('lists validation messages for a 400', () => {
    const problem = toProblem(
      new BadRequestException({ message: ['name must be a string', 'property extra should not exist'] }),
      false,
    );
    expect(problem).toMatchObject({
      status: 400,
      code: 'HTTP.VALIDATION_FAILED',
      errors: ['name must be a string', 'property extra should not exist'],
    });
  });

  it('keeps other HTTP errors and the web server refusals as they are', () => {
    expect(toProblem(new NotFoundException('Cannot GET /x?name=Jane'), false)).toEqual(
      expect.objectContaining({ status: 404, code: 'HTTP.NOT_FOUND', detail: 'There is no such route.' }),
    );
    const bodyTooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toProblem(bodyTooLarge, false)).toMatchObject({ status: 413, code: 'HTTP.FST_ERR_CTP_BODY_TOO_LARGE' });
  });

  it('never shows an unknown error, its message or stack', () => {
    const problem = toProblem(
      new Error('duplicate key value violates unique constraint "people_name" Key (name)=(Jane Smith)'),
      false,
    );
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(problem)).not.toMatch(/Jane|constraint|at /);
  });
});

describe('If-Match and ETag', () => {
  it('round-trips a version', () => {
    expect(parseIfMatch(etagOf(7))).toBe(7);
    expect(parseIfMatch('W/"7"')).toBe(7);
    expect(parseIfMatch('*')).toBe('stream_exists');
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('refuses a value this API never gave out', () => {
    expect(() => parseIfMatch('abc')).toThrow(InvalidIfMatchError);
    expect(() => parseIfMatch('"-1"')).toThrow(InvalidIfMatchError);
  });
});
