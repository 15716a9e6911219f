import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type JsonObject } from '@hubline/event-store';
import { PARTNERSHIPS_MIGRATIONS } from '@hubline/partnerships';
import { PROJECTIONS_MIGRATIONS, ProjectionRunner } from '@hubline/projections';
import { summarise, type Names } from './domain/summarise';
import { TIMELINES_MIGRATIONS } from './index';
import { TimelineProjection } from './projections/timeline.projection';
import {
  TimelineTables,
  type EntryRow,
  type TimelineKind,
  type TimelinePage,
} from './queries/read-timeline/timeline-tables';
import { ENTRY_COLUMNS, ENTRY_JSON } from './projections/entry-json';
import { openLogDatabase, openProjectionDatabase } from '../../../../test/support/log-database';
import { TimelineEntryJson1765400200000 } from './migrations/1765400200000-timeline-entry-json';

/** Sealed text as the LAG and people contexts store it; none of it may reach the timeline tables. */
const SEALED = { v: 1, iv: 'SEALED-IV-must-not-leak', ct: 'SEALED-CT-must-not-leak', tag: 'SEALED-TAG-must-not-leak' };
const police = randomUUID();
const asb = randomUUID();
const grays = randomUUID();
const agencyNames = new Map<string, string>([
  [police, 'Essex Police'],
  [asb, 'Thurrock ASB Team'],
]);
const names: Names = { agency: (id) => agencyNames.get(id), locality: (id) => (id === grays ? 'Grays' : undefined) };
const at = (day: number, hour = 9) => new Date(Date.UTC(2026, 10, day, hour)).toISOString();

describe('timelines projection', () => {
  let store: PostgresEventStore;
  let ds: DataSource;
  let runner: ProjectionRunner;
  let tables: TimelineTables;
  let partnershipId: string;

  beforeAll(async () => {
    ({ store, db: ds } = await openLogDatabase('timelines', {
      // The partnerships' tables for the page's statement, which reads their version.
      migrations: [...PROJECTIONS_MIGRATIONS, ...PARTNERSHIPS_MIGRATIONS, ...TIMELINES_MIGRATIONS],
    }));
    runner = new ProjectionRunner(new TimelineProjection(), store, ds, {
      batchSize: 7,
      standbyRetryMs: 50,
      maxBackoffMs: 200,
    });
    runner.start();
    tables = new TimelineTables(ds);
  });
  beforeEach(() => {
    partnershipId = randomUUID();
  });
  afterAll(async () => {
    await runner?.stop();
    await ds?.destroy();
    await store?.close();
  });

  // ---- builders: the shapes of libs/contexts/people/src/domain/person.ts and libs/contexts/lag/src/domain/{referral,meeting}.ts ----
  const meta = (agencyId: string = asb) => ({ userId: randomUUID(), agencyId, correlationId: randomUUID() });
  async function append(
    stream: string,
    events: Array<{ type: string; data: JsonObject; agencyId?: string }>,
  ): Promise<void> {
    const { position } = await store.append(
      stream,
      events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: meta(e.agencyId) })),
      'any',
    );
    await runner.waitFor(position);
  }
  async function person(agencyId: string = police, day = 1): Promise<string> {
    const personId = randomUUID();
    await append(`person-${personId}`, [
      {
        type: 'PersonRegistered',
        agencyId,
        data: { personId, partnershipId, registeredByAgencyId: agencyId, registeredAt: at(day), personal: SEALED },
      },
    ]);
    return personId;
  }
  function referral(o: {
    referralId: string;
    victimIds: string[];
    perpetratorIds: string[];
    repeatVictimIds?: string[];
    band?: string;
    category?: string;
    characteristics?: string[];
    day?: number;
  }) {
    const band = o.band ?? 'high';
    return {
      type: 'VictimReferred',
      agencyId: police,
      data: {
        referralId: o.referralId,
        partnershipId,
        localityId: grays,
        wardId: null,
        category: o.category ?? 'asb',
        protectedCharacteristics: o.characteristics ?? [],
        victimIds: o.victimIds,
        perpetratorIds: o.perpetratorIds,
        incidentSummary: SEALED,
        vulnerabilities: ['socially_isolated'],
        riskAssessment: {
          matrixId: 'default-asb-victim-risk',
          matrixVersion: 1,
          answers: { q1: 'a' },
          score: 24,
          scoredBand: band,
          band,
          judgement: null,
        },
        multiAgencyReason: SEALED,
        referringAgencyId: police,
        referredByUserId: randomUUID(),
        referredAt: at(o.day ?? 2),
        repeat: (o.repeatVictimIds ?? []).length > 0,
        repeatVictimIds: o.repeatVictimIds ?? [],
      },
    };
  }
  const involvement = (referralId: string, personIds: string[], open = true) => ({
    type: 'CaseInvolvementChanged',
    data: { partnershipId, caseId: referralId, caseType: 'lag_referral', personIds, agencyIds: [police, asb], open },
  });
  const merged = (survivorId: string, mergedId: string) => ({
    type: 'PeopleMerged',
    data: { partnershipId, survivorId, mergedId, mergedAt: at(10), reason: 'Registered twice' },
  });
  const accepted = (referralId: string, day = 3) => ({
    type: 'ReferralAccepted',
    data: {
      referralId,
      partnershipId,
      acceptedByUserId: randomUUID(),
      acceptedByAgencyId: asb,
      acceptedAt: at(day),
      acceptedOn: at(day).slice(0, 10),
      nextReviewDate: '2026-11-17',
    },
  });
  const actionAgreed = (
    referralId: string,
    actionId: string,
    o: { targetPersonId?: string | null; dueDate?: string; meetingId?: string | null; day?: number } = {},
  ) => ({
    type: 'ActionAgreed',
    agencyId: asb,
    data: {
      referralId,
      partnershipId,
      actionId,
      owningAgencyId: police,
      assigneeUserId: null,
      kind: 'acceptable_behaviour_contract',
      description: SEALED,
      dueDate: o.dueDate ?? '2026-12-01',
      meetingId: o.meetingId ?? null,
      targetPersonId: o.targetPersonId ?? null,
      agreedByUserId: randomUUID(),
      agreedAt: at(o.day ?? 5),
    },
  });
  const statusChanged = (referralId: string, actionId: string, from: string, to: string, when: string) => ({
    type: 'ActionStatusChanged',
    data: {
      referralId,
      partnershipId,
      actionId,
      from,
      to,
      outcome: to === 'completed' ? SEALED : null,
      changedByUserId: randomUUID(),
      changedAt: when,
    },
  });

  const read = async (kind: TimelineKind, personId: string, limit = 100) => {
    const ids = await tables.recordIds(partnershipId, personId);
    const { rows } = await tables.entries(partnershipId, personId, ids, kind, { limit });
    return rows.map((r) => ({
      ...r,
      summary: summarise(
        {
          type: r.event_type,
          role: r.role,
          agencyId: r.agency_id,
          facts: r.facts,
          onMergedRecord: r.person_id !== personId,
        },
        names,
      ),
    }));
  };
  const header = async (kind: TimelineKind, personId: string, today: string) => {
    const ids = await tables.recordIds(partnershipId, personId);
    return kind === 'victim'
      ? tables.victimHeader(partnershipId, ids, today)
      : tables.offenderHeader(partnershipId, ids, today);
  };
  async function snapshot(): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const table of ['entries', 'case_people', 'referrals', 'actions', 'meetings', 'merges']) {
      out[table] = (await ds.query(`SELECT t::text AS row FROM timelines.${table} t ORDER BY 1`)).map(
        (r: { row: string }) => r.row,
      );
    }
    return out;
  }

  it("files a referral's story on each victim's and perpetrator's timeline, newest first, in plain language", async () => {
    const [v1, v2, offender] = [await person(), await person(asb), await person()];
    const referralId = randomUUID();
    const meetingId = randomUUID();
    const actionId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({
        referralId,
        victimIds: [v1, v2],
        perpetratorIds: [offender],
        repeatVictimIds: [v1],
        category: 'hate_crime',
        characteristics: ['race'],
      }),
      involvement(referralId, [v1, v2, offender]),
    ]);
    await append(`lag-referral-${referralId}`, [accepted(referralId)]);
    await append(`lag-meeting-${meetingId}`, [
      {
        type: 'MeetingScheduled',
        data: {
          meetingId,
          partnershipId,
          localityId: grays,
          startsAt: at(4, 14),
          cutOffDays: 10,
          cutOffAt: at(1),
          urgent: null,
          scheduledByUserId: randomUUID(),
          scheduledAt: at(1),
        },
      },
      {
        type: 'CaseAddedToAgenda',
        data: {
          meetingId,
          partnershipId,
          referralId,
          item: 'new',
          band: 'high',
          addedByUserId: randomUUID(),
          addedAt: at(3, 12),
        },
      },
      {
        type: 'CaseDiscussed',
        data: {
          meetingId,
          partnershipId,
          referralId,
          notes: SEALED,
          decisions: ['actions_agreed'],
          recordedByUserId: randomUUID(),
          recordedAt: at(4, 15),
        },
      },
    ]);
    await append(`lag-referral-${referralId}`, [
      actionAgreed(referralId, actionId, { targetPersonId: offender, meetingId }),
    ]);
    await append(`lag-referral-${referralId}`, [statusChanged(referralId, actionId, 'open', 'in_progress', at(6))]);

    const victim = await read('victim', v1);
    expect(victim.map((e) => [e.event_type, e.role, e.summary])).toEqual([
      ['ActionStatusChanged', 'victim', 'Action under way: acceptable behaviour contract'],
      ['ActionAgreed', 'victim', 'Action agreed: acceptable behaviour contract, owned by Essex Police, due 2026-12-01'],
      ['CaseDiscussed', 'victim', 'Discussed at the Grays LAG meeting on 2026-11-04: actions agreed'],
      ['CaseAddedToAgenda', 'victim', 'On the agenda of the Grays LAG meeting on 2026-11-04 as a new case'],
      ['ReferralAccepted', 'victim', 'Referral accepted by the LAG chair; first review due 2026-11-17'],
      ['VictimReferred', 'victim', 'Referred to the Grays LAG for hate crime (race); risk high (repeat referral)'],
      ['PersonRegistered', 'subject', 'Record created by Essex Police'],
    ]);
    expect(victim.find((e) => e.event_type === 'VictimReferred')).toMatchObject({
      agency_id: police,
      case_type: 'lag_referral',
      case_id: referralId,
    });
    expect(victim.find((e) => e.event_type === 'ActionAgreed')?.agency_id).toBe(asb); // the agency that agreed it, from the metadata
    expect((await read('victim', v2)).find((e) => e.event_type === 'VictimReferred')?.summary).toBe(
      'Referred to the Grays LAG for hate crime (race); risk high',
    );

    const perpetrator = await read('offender', offender);
    expect(perpetrator.map((e) => e.summary)).toEqual([
      'Action under way: acceptable behaviour contract',
      'Action agreed about this person: acceptable behaviour contract, owned by Essex Police, due 2026-12-01',
      'Discussed at the Grays LAG meeting on 2026-11-04: actions agreed',
      'On the agenda of the Grays LAG meeting on 2026-11-04 as a new case',
      'Referral accepted by the LAG chair; first review due 2026-11-17',
      'Named as a perpetrator in a referral to the Grays LAG for hate crime (race); risk high',
      'Record created by Essex Police',
    ]);
    // A victim's timeline is not an offender's: the same person read the other way shows only the record itself.
    expect((await read('offender', v1)).map((e) => e.event_type)).toEqual(['PersonRegistered']);

    expect(await header('victim', v1, '2026-12-01')).toMatchObject({
      currentBand: 'high',
      referrals: 1,
      openReferrals: 1,
      repeat: true,
      openActions: 1,
      overdueActions: 0,
    });
    expect(await header('victim', v1, '2026-12-02')).toMatchObject({
      openActions: 1,
      overdueActions: 1,
      outstandingActions: [
        {
          actionId,
          referralId,
          kind: 'acceptable_behaviour_contract',
          status: 'in_progress',
          owningAgency: { agencyId: police },
          dueDate: '2026-12-01',
          overdue: true,
        },
      ],
    });
    expect((await header('victim', v2, '2026-12-02')) as object).toMatchObject({ repeat: false });
    expect(await header('offender', offender, '2026-12-02')).toEqual({
      referrals: 1,
      openReferrals: 1,
      overdueActions: 1,
      actionsTargeting: [{ kind: 'acceptable_behaviour_contract', status: 'in_progress', count: 1 }],
      // No enforcement order was served on them; the partnership never set its window.
      orders: { expiryWindowDays: 28, inForce: [], expiring: [], breached: [] },
    });
  });

  it('follows reassessment, closure with cancelled actions (in the order recorded) and reopening', async () => {
    const victimId = await person();
    const referralId = randomUUID();
    const [a1, a2] = [randomUUID(), randomUUID()];
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [victimId], perpetratorIds: [], band: 'medium' }),
      involvement(referralId, [victimId]),
    ]);
    await append(`lag-referral-${referralId}`, [
      accepted(referralId),
      actionAgreed(referralId, a1),
      actionAgreed(referralId, a2),
    ]);
    await append(`lag-referral-${referralId}`, [
      {
        type: 'RiskReassessed',
        data: {
          referralId,
          partnershipId,
          riskAssessment: {
            band: 'very_high',
            scoredBand: 'very_high',
            score: 33,
            matrixId: 'm',
            matrixVersion: 1,
            answers: {},
            judgement: null,
          },
          previousBand: 'medium',
          nextReviewDate: '2026-11-10',
          assessedByUserId: randomUUID(),
          assessedAt: at(6),
        },
      },
    ]);
    expect(await header('victim', victimId, '2026-11-06')).toMatchObject({
      currentBand: 'very_high',
      openReferrals: 1,
      openActions: 2,
    });

    // Closing cancels the outstanding actions at the same instant, in one append.
    const closedAt = at(8);
    await append(`lag-referral-${referralId}`, [
      statusChanged(referralId, a1, 'open', 'cancelled', closedAt),
      statusChanged(referralId, a2, 'open', 'cancelled', closedAt),
      {
        type: 'ReferralClosed',
        data: {
          referralId,
          partnershipId,
          outcomes: ['victim_feels_safer'],
          outcomeNarrative: SEALED,
          reason: 'risk_reduced',
          closedByUserId: randomUUID(),
          closedAt,
        },
      },
      involvement(referralId, [victimId], false),
    ]);
    expect((await read('victim', victimId)).slice(0, 4).map((e) => e.summary)).toEqual([
      'Case closed: risk reduced; outcome: victim feels safer',
      'Action cancelled: acceptable behaviour contract',
      'Action cancelled: acceptable behaviour contract',
      'Risk reassessed: medium to very high',
    ]);
    expect(await header('victim', victimId, '2026-11-09')).toMatchObject({
      currentBand: null,
      referrals: 1,
      openReferrals: 0,
      openActions: 0,
      overdueActions: 0,
    });

    await append(`lag-referral-${referralId}`, [
      {
        type: 'ReferralReopened',
        data: {
          referralId,
          partnershipId,
          reason: SEALED,
          reopenedByUserId: randomUUID(),
          reopenedAt: at(20),
          reopenedOn: '2026-11-20',
          nextReviewDate: '2026-11-27',
        },
      },
    ]);
    expect((await read('victim', victimId))[0].summary).toBe('Case reopened; next review 2026-11-27');
    expect(await header('victim', victimId, '2026-11-21')).toMatchObject({
      currentBand: 'very_high',
      openReferrals: 1,
    });
  });

  it('pages newest first without gaps or repeats', async () => {
    const victimId = await person();
    const referralId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [victimId], perpetratorIds: [] }),
      accepted(referralId),
    ]);
    // Several at the same instant: the log order settles ties.
    await append(
      `lag-referral-${referralId}`,
      Array.from({ length: 5 }, (_, i) => actionAgreed(referralId, randomUUID(), { day: 5 + (i % 2) })),
    );
    const all = await read('victim', victimId);
    expect(all).toHaveLength(8);
    const ids = await tables.recordIds(partnershipId, victimId);
    const seen: string[] = [];
    let before: { occurredAt: string; seq: string } | null = null;
    for (;;) {
      const page: Awaited<ReturnType<TimelineTables['entries']>> = await tables.entries(
        partnershipId,
        victimId,
        ids,
        'victim',
        { before, limit: 3 },
      );
      seen.push(...page.rows.map((r) => r.event_id));
      if (!page.more) break;
      const last = page.rows[page.rows.length - 1];
      before = { occurredAt: last.occurred_at, seq: last.seq };
    }
    expect(seen).toEqual(all.map((e) => e.event_id));
    // The page's statement, which sends each row's stored `entry`, pages the same rows with the same values.
    const paged: EntryRow[] = [];
    let cursor: { occurredAt: string; seq: string } | null = null;
    for (;;) {
      const page: TimelinePage = await tables.page(
        partnershipId,
        victimId,
        'victim',
        { before: cursor, limit: 3 },
        '2026-12-01',
      );
      const rows = page.rows();
      paged.push(...rows);
      if (!page.more) break;
      const last = rows[rows.length - 1];
      cursor = { occurredAt: last.occurred_at, seq: last.seq };
    }
    expect(paged).toEqual((await tables.entries(partnershipId, victimId, ids, 'victim', { limit: 100 })).rows);
  });

  it("stores each entry's JSON as its columns say", async () => {
    // Named people (a registration), a case's people (a referral, fanned out), one marked as the
    // action's target. The way event by event (`apply`) leaves the same rows: timeline-sets.int-spec.
    const [victimId, offenderId] = [await person(), await person()];
    const referralId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [victimId], perpetratorIds: [offenderId] }),
      accepted(referralId),
      actionAgreed(referralId, randomUUID(), { day: 5 }),
    ]);
    const [{ rows, differing }] = await ds.query(
      `SELECT count(*)::int AS rows,
              count(*) FILTER (WHERE entry::text IS DISTINCT FROM (${ENTRY_JSON(ENTRY_COLUMNS)})::text)::int AS differing
         FROM timelines.entries`,
    );
    expect(rows).toBeGreaterThan(5);
    expect(differing).toBe(0);
  });

  it('gives the entries written before the JSON was stored theirs when it migrates', async () => {
    const before = TIMELINES_MIGRATIONS.filter((m) => m !== TimelineEntryJson1765400200000);
    const old = await openProjectionDatabase('timelines_entry_json', before);
    try {
      const row = (facts: string, agency: string | null) =>
        old.query(
          `INSERT INTO timelines.entries (partnership_id, person_id, event_id, role, event_type, occurred_at, seq, agency_id, case_type, case_id, facts)
           VALUES ($1, $2, $3, 'victim', 'ReferralAccepted', '2026-11-05T09:00:00.123456Z', 42, $4, 'lag_referral', $5, $6::jsonb)`,
          [partnershipId, randomUUID(), randomUUID(), agency, randomUUID(), facts],
        );
      await row('{"band": "high", "repeat": true}', police);
      await row('{}', null);
      const runner = old.createQueryRunner();
      try {
        await new TimelineEntryJson1765400200000().up(runner);
      } finally {
        await runner.release();
      }
      const rows: Array<{
        entry: unknown[];
        event_id: string;
        person_id: string;
        case_id: string;
        agency_id: string | null;
      }> = await old.query(
        'SELECT entry, event_id, person_id, case_id, agency_id FROM timelines.entries ORDER BY agency_id NULLS LAST',
      );
      expect(rows.map((r) => r.entry)).toEqual([
        [
          rows[0].event_id,
          rows[0].person_id,
          'ReferralAccepted',
          '2026-11-05T09:00:00.123Z',
          '42',
          'victim',
          police,
          'lag_referral',
          rows[0].case_id,
          { band: 'high', repeat: true },
        ],
        [
          rows[1].event_id,
          rows[1].person_id,
          'ReferralAccepted',
          '2026-11-05T09:00:00.123Z',
          '42',
          'victim',
          null,
          'lag_referral',
          rows[1].case_id,
          {},
        ],
      ]);
      const [{ is_nullable }] = await old.query(
        `SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'timelines' AND table_name = 'entries' AND column_name = 'entry'`,
      );
      expect(is_nullable).toBe('NO');
    } finally {
      await old.destroy();
    }
  });

  it("shows a merged duplicate's entries on the survivor's timeline, each event once", async () => {
    const survivor = await person(police, 1);
    const duplicate = await person(asb, 2);
    const referralId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [duplicate], perpetratorIds: [], day: 3 }),
      involvement(referralId, [duplicate]),
    ]);
    await append(`person-${duplicate}`, [
      {
        type: 'PersonAgencyReferenceAdded',
        agencyId: asb,
        data: { personId: duplicate, partnershipId, agencyId: asb, reference: SEALED },
      },
      merged(survivor, duplicate),
    ]);

    expect(await tables.recordIds(partnershipId, survivor)).toEqual(expect.arrayContaining([survivor, duplicate]));
    const timeline = await read('victim', survivor);
    // The agency reference carries no time of its own, so it sits where it was recorded: compare as a set.
    expect(timeline.map((e) => e.summary).sort()).toEqual([
      'A duplicate record was merged into this one',
      'Duplicate record created by Thurrock ASB Team',
      'Record created by Essex Police',
      'Referred to the Grays LAG for anti-social behaviour; risk high',
      'Thurrock ASB Team recorded its own reference for this person (on a duplicate record)',
    ]);
    expect(await header('victim', survivor, '2026-11-11')).toMatchObject({
      referrals: 1,
      openReferrals: 1,
      currentBand: 'high',
    });
    // The page's own header, read in its one statement, counts the duplicate's cases the same way.
    expect((await tables.page(partnershipId, survivor, 'victim', { limit: 10 }, '2026-11-11')).header).toEqual(
      await header('victim', survivor, '2026-11-11'),
    );
    // The duplicate's own view of the merge still exists (the people register points readers to the survivor).
    expect((await read('victim', duplicate)).map((e) => e.summary)).toContain('Record merged into another record');
  });

  it('reads whether a case names the person, or a record merged into them, as an alleged perpetrator, for an offender page only', async () => {
    const survivor = await person(police, 1);
    const duplicate = await person(asb, 2);
    const bystander = await person(police, 3);
    const referralId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [bystander], perpetratorIds: [duplicate], day: 4 }),
      involvement(referralId, [bystander, duplicate]),
    ]);
    await append(`person-${duplicate}`, [merged(survivor, duplicate)]);
    const page = (kind: TimelineKind, personId: string) =>
      tables.page(partnershipId, personId, kind, { limit: 10 }, '2026-11-11');

    expect((await page('offender', survivor)).allegedPerpetrator).toBe(true);
    expect((await page('offender', duplicate)).allegedPerpetrator).toBe(true);
    expect((await page('offender', bystander)).allegedPerpetrator).toBe(false);
    // The header counts the case that names the duplicate.
    expect((await page('offender', survivor)).header).toMatchObject({ referrals: 1, openReferrals: 1 });
    expect((await page('offender', survivor)).header).toEqual(await header('offender', survivor, '2026-11-11'));
    // A victim's page does not ask.
    expect((await page('victim', bystander)).allegedPerpetrator).toBeNull();
  });

  it("keeps an erased person's entries, which hold no personal data, and leaves everyone else's timeline alone", async () => {
    const [forgotten, other] = [await person(), await person()];
    const referralId = randomUUID();
    await append(`lag-referral-${referralId}`, [
      referral({ referralId, victimIds: [forgotten, other], perpetratorIds: [] }),
      involvement(referralId, [forgotten, other]),
    ]);
    const othersBefore = await read('victim', other);
    await append(`person-${forgotten}`, [
      {
        type: 'PersonForgotten',
        data: {
          personId: forgotten,
          partnershipId,
          forgottenAt: '2026-11-23T10:00:00.000Z',
          forgottenBy: randomUUID(),
          legalGround: 'uk_gdpr_art17_1_a',
          reason: 'Erasure request ER-1',
        },
      },
    ]);
    expect((await read('victim', forgotten)).map((e) => e.summary)).toEqual([
      'Record erased on 2026-11-23 (UK GDPR Art 17)',
      'Referred to the Grays LAG for anti-social behaviour; risk high',
      'Record created by Essex Police',
    ]);
    expect(await read('victim', other)).toEqual(othersBefore);

    const everything = JSON.stringify(await snapshot());
    expect(everything).not.toMatch(/SEALED|must-not-leak|Erasure request|socially_isolated/);
  });

  it('keeps partnerships apart', async () => {
    const victimId = await person();
    const mine = partnershipId;
    partnershipId = randomUUID();
    expect(await read('victim', victimId)).toEqual([]);
    partnershipId = mine;
    expect(await read('victim', victimId)).toHaveLength(1);
  });

  it('rebuilds from position zero to the same tables', async () => {
    const before = await snapshot();
    expect(before.entries.length).toBeGreaterThan(20);
    await ds.query(`UPDATE timelines.referrals SET band = 'standard'`); // drift a rebuild must repair
    await ds.query('DELETE FROM timelines.entries WHERE event_type = $1', ['PersonRegistered']);
    await runner.rebuild();
    const head = await store.headPosition();
    await runner.waitFor(head!);
    expect(await snapshot()).toEqual(before);
  });
});
