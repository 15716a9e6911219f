import { InvalidAppendError } from '../errors';
import { validateAppend } from '../validation';
import {
  CLAIM_EVENT_TYPE,
  blocksAppend,
  claimState,
  claimStreamOf,
  parseClaimData,
  replayOf,
  type Claim,
} from './id-claims';

const ID = '0b6c3e5c-2b0a-4d3e-9a49-1f3d2c7b8a90';

const claim = (overrides: Partial<Claim> = {}): Claim => ({
  claimRevision: 0n,
  streamId: 'case-1',
  revision: 4,
  state: 'live',
  position: '900/900',
  ...overrides,
});

describe('id claims', () => {
  it('live in streams no port stream id can name', () => {
    expect(() => validateAppend(claimStreamOf(ID), [{ id: ID, type: 'A', data: {} }], 'any')).toThrow(
      InvalidAppendError,
    );
    expect(CLAIM_EVENT_TYPE.startsWith('$')).toBe(true);
  });

  it('read their data strictly', () => {
    expect(parseClaimData({ streamId: 'case-1', revision: 0 })).toEqual({ streamId: 'case-1', revision: 0 });
    expect(parseClaimData({ streamId: 'case-1', revision: -1 })).toBeNull();
    expect(parseClaimData({ streamId: 'case-1', revision: '1' })).toBeNull();
    expect(parseClaimData({ revision: 1 })).toBeNull();
    expect(parseClaimData(null)).toBeNull();
  });

  it('are live, void or pending depending on the place they name', () => {
    const claimed = { streamId: 'case-1', revision: 4 };
    expect(claimState(ID, claimed, { revision: 4, id: ID.toUpperCase() })).toBe('live');
    expect(claimState(ID, claimed, { revision: 4, id: '11111111-2222-4333-8444-555555555555' })).toBe('void');
    // Truncation removed the place: whatever the claim announced can no longer be there.
    expect(claimState(ID, claimed, { revision: 6, id: ID })).toBe('void');
    expect(claimState(ID, claimed, null)).toBe('pending');
  });
});

describe('replayOf', () => {
  const batch = [claim({ revision: 2, position: '10/10' }), claim({ revision: 3, position: '10/12' })];

  it('recognises a retry where the expected revision puts the events', () => {
    expect(replayOf('case-1', 1, batch)).toEqual({
      nextExpectedRevision: 3,
      position: '10/12',
      idempotentReplay: true,
    });
    expect(replayOf('case-1', 'any', batch)).toMatchObject({ nextExpectedRevision: 3 });
    expect(replayOf('case-1', 'stream_exists', batch)).toMatchObject({ nextExpectedRevision: 3 });
    expect(replayOf('case-1', 'no_stream', [claim({ revision: 0 })])).toMatchObject({ nextExpectedRevision: 0 });
  });

  it('is not a retry when any id is new, elsewhere, out of order or not where expected', () => {
    expect(replayOf('case-1', 1, [batch[0], null])).toBeNull();
    expect(replayOf('case-1', 1, [batch[0], claim({ revision: 3, state: 'pending' })])).toBeNull();
    expect(replayOf('case-2', 1, batch)).toBeNull();
    expect(replayOf('case-1', 1, [batch[1], batch[0]])).toBeNull();
    expect(replayOf('case-1', 0, batch)).toBeNull();
    expect(replayOf('case-1', 'no_stream', batch)).toBeNull();
    expect(replayOf('case-1', 1, [batch[0], claim({ revision: 5 })])).toBeNull();
  });
});

describe('blocksAppend', () => {
  it('lets an id be appended only where no other append of it can land', () => {
    expect(blocksAppend(claim({ state: 'live' }), 'case-1', 4)).toBe(true);
    expect(blocksAppend(claim({ state: 'void' }), 'case-2', 0)).toBe(false);
    expect(blocksAppend(claim({ state: 'pending' }), 'case-1', 4)).toBe(false);
    expect(blocksAppend(claim({ state: 'pending' }), 'case-1', 5)).toBe(true);
    expect(blocksAppend(claim({ state: 'pending' }), 'case-2', 4)).toBe(true);
  });
});
