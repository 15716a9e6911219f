import { CommandBus } from '@nestjs/cqrs';
import type { TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { ACCESS_PROJECTIONS, type Actor } from '@hubline/access';
import { actorOf, seedPartnership, seedPeople, type PartnershipSpec, type SeededPartnership } from '@hubline/demo';
import { EVENT_STORE, WrongExpectedRevisionError, type EventMetadata, type EventStore } from '@hubline/event-store';
import { IDENTITY_PROJECTIONS, IdentityModule } from '@hubline/identity';
import { PARTNERSHIPS_PROJECTIONS, PartnershipsModule } from '@hubline/partnerships';
import { PEOPLE_MIGRATIONS, PEOPLE_PROJECTIONS, PeopleModule } from '@hubline/people';
import { PersonalDataVault } from '@hubline/privacy';
import { ProjectionsService } from '@hubline/projections';
import { AgreeAction, UpdateAction, type ActionInput } from './commands/action-plan/action-plan.handler';
import { ReferVictim, type ReferVictimInput } from './commands/refer-victim/refer-victim.handler';
import { DecideOnReferral, type ReferralDecision } from './commands/referral-decisions/referral-decisions.handler';
import { DEFAULT_ASB_RISK_MATRIX, referralStream, type RiskAnswers } from './domain';
import { LAG_MIGRATIONS, LAG_PROJECTIONS, LagModule } from './index';
import { contextModule } from '../../../../test/support/context-module';

/**
 * Commands through the real handlers, on the real PostgreSQL event store: what each appends to the
 * referral's stream, and what a refusal, a stale If-Match and a concurrent write do.
 */
const SPEC: PartnershipSpec = {
  name: 'Castle Point Community Safety Partnership',
  area: 'Castle Point',
  agencies: [
    { key: 'police', name: 'Essex Police', kind: 'police' },
    { key: 'asb', name: 'Castle Point ASB Team', kind: 'local_authority' },
    { key: 'housing', name: 'Castle Point Housing', kind: 'housing_provider' },
    { key: 'fire', name: 'Essex County Fire and Rescue', kind: 'fire_and_rescue' },
  ],
  localities: [{ name: 'Canvey Island', wards: ['Canvey Island Central'] }],
  users: [
    { subject: 'pc.hale@castlepoint.test', displayName: 'PC Hale', agency: 'police', roles: ['practitioner'] },
    { subject: 'chair@castlepoint.test', displayName: 'LAG chair', agency: 'asb', roles: ['lag_chair'] },
    { subject: 'officer@castlepoint.test', displayName: 'Housing officer', agency: 'housing', roles: ['practitioner'] },
    { subject: 'watch@castlepoint.test', displayName: 'Watch manager', agency: 'fire', roles: ['practitioner'] },
  ],
};
const answers = (pick: (index: number) => number): RiskAnswers =>
  Object.fromEntries(
    DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [
      q.id,
      q.answers[Math.min(pick(q.answers.length), q.answers.length - 1)].id,
    ]),
  );
/** The highest answer to every question: very high risk. */
const WORST = answers((n) => n - 1);
/** The second answer to every question. */
const SOME = answers(() => 1);

describe('LAG commands on the event store', () => {
  let module: TestingModule;
  let commands: CommandBus;
  let store: EventStore;
  let vault: PersonalDataVault;
  let seeded: SeededPartnership;
  let pc: Actor, chair: Actor, housing: Actor, fire: Actor;
  let victimId: string;
  /** One victim per accepted case: a victim has at most one open case (decision 0029). */
  let otherVictims: string[];

  beforeAll(async () => {
    module = await contextModule('lag', {
      contexts: [PartnershipsModule, IdentityModule, PeopleModule, LagModule],
      migrations: [...PEOPLE_MIGRATIONS, ...LAG_MIGRATIONS],
      projections: [
        ...ACCESS_PROJECTIONS,
        ...PARTNERSHIPS_PROJECTIONS,
        ...IDENTITY_PROJECTIONS,
        ...PEOPLE_PROJECTIONS,
        ...LAG_PROJECTIONS,
      ],
    });
    commands = module.get(CommandBus);
    store = module.get(EVENT_STORE);
    vault = module.get(PersonalDataVault);
    seeded = await seedPartnership(commands, SPEC);
    [pc, chair, housing, fire] = SPEC.users.map((u) => actorOf(SPEC, seeded, u.subject));
    await settle();
    const people = await seedPeople(commands, seeded, [pc], 8);
    victimId = people[0].personId;
    otherVictims = people.slice(1).map((p) => p.personId);
    await settle();
  });
  afterAll(async () => {
    await module?.close();
  });

  const settle = () => module.get(ProjectionsService).waitForCatchUp(10_000);
  const meta = (actor: Actor): EventMetadata => ({
    userId: actor.userId,
    agencyId: actor.agencyId,
    correlationId: randomUUID(),
  });
  const stream = async (referralId: string) =>
    (await store.readStream(referralStream(referralId))).map((e) => ({ type: e.type, data: e.data }));
  const refer = async (input: Partial<ReferVictimInput> = {}) => {
    const result = await commands.execute(
      new ReferVictim(
        pc,
        {
          localityId: seeded.localities['Canvey Island'],
          wardId: null,
          category: 'asb',
          protectedCharacteristics: [],
          victimIds: [victimId],
          perpetratorIds: [],
          incidentSummary: 'Stones thrown at the windows most evenings',
          vulnerabilities: ['older_person'],
          riskAnswers: WORST,
          professionalJudgement: null,
          multiAgencyReason: 'Police and housing both hold reports',
          ...input,
        },
        meta(pc),
      ),
    );
    return result.referralId as string;
  };
  const decide = (actor: Actor, referralId: string, decision: ReferralDecision, expectedVersion?: number) =>
    commands.execute(new DecideOnReferral(actor, referralId, decision, meta(actor), expectedVersion));
  const action = (owningAgencyId: string): ActionInput => ({
    owningAgencyId,
    assigneeUserId: null,
    kind: 'target_hardening',
    description: 'Fit window guards',
    dueDate: '2099-01-01',
    targetPersonId: null,
  });
  const anAcceptedReferral = async () => {
    const referralId = await refer({ victimIds: [otherVictims.shift()!] });
    await decide(chair, referralId, { type: 'accept' });
    return referralId;
  };

  it('appends what the referral decider decided, in order, for each command', async () => {
    const referralId = await refer();
    await decide(chair, referralId, { type: 'accept' });
    const { actionId } = await commands.execute(
      new AgreeAction(chair, referralId, action(seeded.agencies.housing), meta(chair)),
    );
    const updated = await commands.execute(
      new UpdateAction(housing, referralId, actionId, 'in_progress', null, meta(housing)),
    );

    expect(updated).toEqual({ referralId, actionId, status: 'in_progress', version: 6 });
    const agencies = seeded.agencies;
    expect(await stream(referralId)).toEqual([
      {
        type: 'VictimReferred',
        data: expect.objectContaining({
          referralId,
          referringAgencyId: agencies.police,
          referredByUserId: pc.userId,
          victimIds: [victimId],
        }),
      },
      {
        type: 'CaseInvolvementChanged',
        data: expect.objectContaining({ caseId: referralId, agencyIds: [agencies.police], open: true }),
      },
      {
        type: 'ReferralAccepted',
        data: expect.objectContaining({ acceptedByUserId: chair.userId, acceptedByAgencyId: agencies.asb }),
      },
      { type: 'CaseInvolvementChanged', data: expect.objectContaining({ agencyIds: [agencies.police, agencies.asb] }) },
      {
        type: 'ActionAgreed',
        data: expect.objectContaining({ actionId, owningAgencyId: agencies.housing, agreedByUserId: chair.userId }),
      },
      {
        type: 'CaseInvolvementChanged',
        data: expect.objectContaining({ agencyIds: [agencies.police, agencies.asb, agencies.housing] }),
      },
      {
        type: 'ActionStatusChanged',
        data: expect.objectContaining({ actionId, from: 'open', to: 'in_progress', changedByUserId: housing.userId }),
      },
    ]);
  });

  it('appends nothing when the decider refuses who is acting', async () => {
    const referralId = await anAcceptedReferral();
    const { actionId } = await commands.execute(
      new AgreeAction(chair, referralId, action(seeded.agencies.housing), meta(chair)),
    );
    const before = await stream(referralId);

    await expect(
      decide(fire, referralId, { type: 'reassess', riskAnswers: SOME, professionalJudgement: null }),
    ).rejects.toMatchObject({ code: 'LAG.AGENCY_NOT_INVOLVED' });
    await expect(
      commands.execute(new AgreeAction(fire, referralId, action(seeded.agencies.fire), meta(fire))),
    ).rejects.toMatchObject({ code: 'LAG.AGENCY_NOT_INVOLVED' });
    await expect(
      commands.execute(new AgreeAction(pc, referralId, action(seeded.agencies.housing), meta(pc))),
    ).rejects.toMatchObject({ code: 'LAG.NOT_YOUR_AGENCY' });
    await expect(
      commands.execute(new UpdateAction(pc, referralId, actionId, 'in_progress', null, meta(pc))),
    ).rejects.toMatchObject({ code: 'LAG.NOT_YOUR_AGENCY' });
    expect(await stream(referralId)).toEqual(before);
  });

  it("refuses a stale If-Match without deciding, and answers not found for another partnership's referral whatever If-Match says", async () => {
    const referralId = await anAcceptedReferral();
    await expect(
      decide(pc, referralId, { type: 'reassess', riskAnswers: SOME, professionalJudgement: null }, 1),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    const stranger: Actor = { ...chair, partnershipId: randomUUID() };
    await expect(decide(stranger, referralId, { type: 'accept' }, 1)).rejects.toMatchObject({
      code: 'REFERRAL.NOT_FOUND',
    });
    await expect(decide(stranger, randomUUID(), { type: 'accept' }, 0)).rejects.toMatchObject({
      code: 'REFERRAL.NOT_FOUND',
    });
    expect((await stream(referralId)).map((e) => e.type)).toHaveLength(4);
  });

  describe('when another user writes to the referral while a command is being prepared', () => {
    afterEach(() => jest.restoreAllMocks());

    /** The next sealing (which happens after the handler read the stream) first lets `write` append. */
    const duringNextSeal = (write: () => Promise<unknown>) => {
      const seal = vault.seal.bind(vault);
      jest.spyOn(vault, 'seal').mockImplementationOnce(async (personId, value) => {
        await write();
        return seal(personId, value);
      });
    };

    it('decides the command again on the new state, who may act included, and appends it after the other write', async () => {
      const referralId = await anAcceptedReferral();
      duringNextSeal(() =>
        decide(chair, referralId, { type: 'reassess', riskAnswers: SOME, professionalJudgement: null }),
      );

      const result = await decide(pc, referralId, {
        type: 'reassess',
        riskAnswers: WORST,
        professionalJudgement: { band: 'very_high', reason: 'Threats made at the door' },
      });

      expect(result).toMatchObject({ version: 5, band: 'very_high' });
      const reassessed = (await stream(referralId)).filter((e) => e.type === 'RiskReassessed');
      expect(reassessed.map((e) => [e.data.assessedByUserId, e.data.previousBand])).toEqual([
        [chair.userId, 'very_high'],
        // Decided on the state after the chair's reassessment, not on the one first read.
        [pc.userId, (reassessed[0].data.riskAssessment as { band: string }).band],
      ]);
    });

    it('refuses the retried command when the new state no longer allows it, and appends nothing of it', async () => {
      const referralId = await anAcceptedReferral();
      const { actionId } = await commands.execute(
        new AgreeAction(chair, referralId, action(seeded.agencies.housing), meta(chair)),
      );
      duringNextSeal(() =>
        decide(chair, referralId, {
          type: 'close',
          outcomes: ['victim_feels_safer'],
          reason: 'risk_reduced',
          outcomeNarrative: 'Guards fitted; no incidents since',
          cancelOutstandingActions: true,
        }),
      );

      await expect(
        commands.execute(
          new UpdateAction(housing, referralId, actionId, 'completed', 'Window guards fitted', meta(housing)),
        ),
      ).rejects.toMatchObject({ code: 'REFERRAL.CLOSED' });
      expect(
        (await stream(referralId))
          .filter((e) => e.type === 'ActionStatusChanged')
          .map((e) => [e.data.to, e.data.changedByUserId]),
      ).toEqual([['cancelled', chair.userId]]);
    });

    it('leaves the conflict to the client when it named the version it last saw', async () => {
      const referralId = await anAcceptedReferral();
      duringNextSeal(() =>
        decide(chair, referralId, { type: 'reassess', riskAnswers: SOME, professionalJudgement: null }),
      );
      const reassess: ReferralDecision = {
        type: 'reassess',
        riskAnswers: WORST,
        professionalJudgement: { band: 'very_high', reason: 'Threats made at the door' },
      };
      await expect(decide(pc, referralId, reassess, 3)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await stream(referralId)).map((e) => e.type).slice(4)).toEqual(['RiskReassessed']);
    });
  });
});
