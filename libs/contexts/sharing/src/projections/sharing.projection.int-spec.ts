import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import {
  applyOneByOne,
  expectReplaysChangeNothing,
  expectSameRowsInBatches,
  recordedInOrder,
  statementsSent,
} from '../../../../../test/support/set-apply';
import type { DisclosureEvent } from '../domain';
import { SHARING_MIGRATIONS } from '../index';
import { SharingProjection } from './sharing.projection';
import { openProjectionDatabase } from '../../../../../test/support/log-database';

/**
 * Agreements, consents and disclosures applied in sets against event by event: runs of
 * disclosures of every basis, broken by an agreement reviewed or ended and a consent recorded or
 * withdrawn, and a disclosure the log holds twice (the first one stands).
 */
describe('sharing read model applied in sets', () => {
  let db: DataSource;
  const projection = new SharingProjection();
  const partnershipId = randomUUID();
  const agencies = Array.from({ length: 4 }, () => randomUUID());
  const people = Array.from({ length: 6 }, () => randomUUID());
  const userId = randomUUID();
  const sealed = { v: 1, k: 'x', iv: 'x', ct: 'x', tag: 'x' } as never;
  let log: RecordedEvent[];

  beforeAll(async () => {
    db = await openProjectionDatabase('sharing_sets', SHARING_MIGRATIONS);

    const agreementId = randomUUID();
    const consentId = randomUUID();
    const events: Array<Pick<RecordedEvent, 'streamId' | 'type' | 'data'>> = [];
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 9, minute)).toISOString();
    const disclose = (basis: DisclosureEvent['data']['basis'], i: number, disclosureId = randomUUID()) =>
      events.push({
        streamId: `disclosure-${disclosureId}`,
        type: 'InformationDisclosed',
        data: {
          disclosureId,
          partnershipId,
          fromAgencyId: agencies[i % 4],
          recipientAgencyIds: [agencies[(i + 1) % 4], agencies[(i + 2) % 4]],
          personIds: [people[i % 6], people[(i + 3) % 6]].slice(0, 1 + (i % 2)),
          dataCategories: (['identity', 'address'] as const).slice(0, 1 + (i % 2)),
          purpose: 'lag_case_coordination',
          case: i % 3 === 0 ? null : { type: 'lag_referral', id: randomUUID() },
          byUserId: userId,
          disclosedAt: at(i),
          basis,
          flags: basis.kind === 'vital_interests' ? ['vital_interests'] : [],
        } satisfies DisclosureEvent['data'],
      });

    events.push({
      streamId: `agreement-${agreementId}`,
      type: 'SharingAgreementAgreed',
      data: {
        agreementId,
        partnershipId,
        title: 'Thurrock LAG information sharing',
        parties: agencies,
        purposes: ['lag_case_coordination'],
        dataCategories: ['identity', 'address'],
        lawfulBases: ['cda_1998_s115'],
        schedule1Conditions: [],
        startDate: '2026-01-01',
        reviewDate: '2026-12-31',
        endDate: null,
        agreedAt: at(0),
      },
    });
    for (let i = 0; i < 5; i++)
      disclose({ kind: 'gateway', gateway: 'cda_1998_s115', agreementId, justification: sealed }, i);
    events.push({
      streamId: `consent-${consentId}`,
      type: 'ConsentRecorded',
      data: {
        consentId,
        partnershipId,
        personId: people[0],
        givenBy: { kind: 'person' },
        recipients: { kind: 'agencies', agencyIds: agencies.slice(0, 2) },
        purposes: ['victim_support'],
        dataCategories: ['identity'],
        obtained: 'in_writing',
        recordedByUserId: userId,
        recordedByAgencyId: agencies[0],
        givenAt: at(6),
        expiresAt: null,
        recordedAt: at(6),
      },
    });
    const twice = randomUUID();
    disclose({ kind: 'consent', consentId }, 7, twice);
    disclose({ kind: 'vital_interests', justification: sealed }, 8);
    events.push({
      streamId: `agreement-${agreementId}`,
      type: 'SharingAgreementReviewed',
      data: {
        agreementId,
        partnershipId,
        reviewedAt: at(9),
        previousReviewDate: '2026-12-31',
        reviewDate: '2027-06-30',
      },
    });
    disclose({ kind: 'statutory_duty', duty: 'asbcpa_2014_sch4_para7' }, 10);
    disclose(
      {
        kind: 'case_involvement',
        occasion: 'meeting_pack',
        meetingId: randomUUID(),
        agreementId,
        gateway: 'cda_1998_s115',
      },
      11,
    );
    disclose(
      {
        kind: 'case_involvement',
        occasion: 'joined_case',
        meetingId: null,
        agreementId: null,
        gateway: null,
        notCoveredBecause: 'SHARING.NO_AGREEMENT' as never,
      },
      12,
    );
    // The same disclosure again, later and different: the first stands.
    disclose({ kind: 'vital_interests', justification: sealed }, 13, twice);
    events.push({
      streamId: `consent-${consentId}`,
      type: 'ConsentWithdrawn',
      data: { consentId, partnershipId, personId: people[0], withdrawnAt: at(14), method: 'in_writing' },
    });
    for (let i = 15; i < 19; i++) disclose({ kind: 'consent', consentId }, i);
    events.push({
      streamId: `agreement-${agreementId}`,
      type: 'SharingAgreementTerminated',
      data: { agreementId, partnershipId, terminatedAt: at(19), reason: 'Replaced.' },
    });
    disclose({ kind: 'gateway', gateway: 'cda_1998_s115', agreementId, justification: sealed }, 20);
    log = recordedInOrder(events);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('applied in batches, leaves exactly the rows of applying the log event by event', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    expect(oneByOne['sharing.disclosures']).toHaveLength(15);
    expect(oneByOne['sharing.agreements'][0]).toContain('"terminated_at"');
    expect(oneByOne['sharing.consents'][0]).toContain('"withdrawal_method": "in_writing"');
    await expectSameRowsInBatches(db, projection, log, oneByOne, [1, 2, 3, 5, 8, 100]);
  });

  it('a batch applied again after a crash in it, twice in one go, or after everything, changes nothing', async () => {
    const oneByOne = await applyOneByOne(db, projection, log);
    await expectReplaysChangeNothing(db, projection, log, oneByOne, [3, 7]);
  });

  it('a run of disclosures is one statement', async () => {
    const disclosures = log.filter((e) => e.type === 'InformationDisclosed').slice(0, 5);
    await db.transaction((m) => projection.reset(m));
    const statements = await statementsSent(db, (m) => projection.applyBatch(disclosures, m));
    expect(statements).toHaveLength(1);
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM sharing.disclosures');
    expect(n).toBe(5);
  });
});
