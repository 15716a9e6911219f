import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import type { ProtectedCharacteristic, ReferralCategory, RiskAnswers, RiskBand, Vulnerability } from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { LagReferences } from '../lag-references';
import { LagStreams } from '../lag-streams';

export interface ReferVictimInput {
  localityId: string;
  wardId: string | null;
  category: ReferralCategory;
  protectedCharacteristics: ProtectedCharacteristic[];
  victimIds: string[];
  perpetratorIds: string[];
  incidentSummary: string;
  vulnerabilities: Vulnerability[];
  riskAnswers: RiskAnswers;
  professionalJudgement: { band: RiskBand; reason: string } | null;
  multiAgencyReason: string;
}

export interface ReferVictimResult {
  referralId: string;
  version: number;
  score: number;
  band: RiskBand;
  repeat: boolean;
  repeatVictimIds: string[];
}

/** A partner agency refers victims to the LAG of a locality; the referring agency is the actor's. */
export class ReferVictim extends Command<ReferVictimResult> {
  constructor(
    readonly actor: Actor,
    readonly input: ReferVictimInput,
    readonly metadata: EventMetadata,
    readonly referralId: string = newId(),
  ) {
    super();
  }
}

/**
 * Checks what the decider cannot see (locality and ward, the actor's agency, the people), reads
 * each victim's last referral from the referrals read model for the repeat flag, scores against
 * the partnership's current matrix, and seals the narratives with the first victim's key.
 */
@CommandHandler(ReferVictim)
export class ReferVictimHandler implements ICommandHandler<ReferVictim, ReferVictimResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly references: LagReferences,
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
  ) {}

  async execute({ actor, input, metadata, referralId }: ReferVictim): Promise<ReferVictimResult> {
    const partnershipId = actor.partnershipId;
    await this.references.locality(partnershipId, input.localityId, input.wardId);
    await this.references.activeAgency(partnershipId, actor.agencyId);
    await this.references.activePeople(partnershipId, [...input.victimIds, ...input.perpetratorIds]);
    const { riskMatrix } = await this.readModel.currentSettings(partnershipId);
    const previous = await this.readModel.lastReferralOf(partnershipId, input.victimIds);

    const seal = this.streams.sealerFor(input.victimIds[0]);
    const judgement = input.professionalJudgement
      ? { band: input.professionalJudgement.band, reason: await seal(input.professionalJudgement.reason) }
      : null;
    const outcome = await this.streams.decideReferral(
      referralId,
      [
        {
          type: 'Refer',
          referralId,
          partnershipId,
          localityId: input.localityId,
          wardId: input.wardId,
          category: input.category,
          protectedCharacteristics: input.protectedCharacteristics,
          victims: input.victimIds.map((personId) => ({
            personId,
            previousReferralAt: previous.get(personId) ?? null,
          })),
          perpetratorIds: input.perpetratorIds,
          incidentSummary: await seal(input.incidentSummary),
          vulnerabilities: input.vulnerabilities,
          risk: { matrix: riskMatrix, answers: input.riskAnswers, judgement },
          multiAgencyReason: await seal(input.multiAgencyReason),
          referringAgencyId: actor.agencyId,
          referredByUserId: actor.userId,
          now: this.clock.now(),
        },
      ],
      metadata,
    );
    const referred = outcome.events.find((e) => e.type === 'VictimReferred');
    if (!referred || referred.type !== 'VictimReferred') throw new Error('referral decided without VictimReferred');
    const { riskAssessment, repeat, repeatVictimIds } = referred.data;
    return {
      referralId,
      version: outcome.version,
      score: riskAssessment.score,
      band: riskAssessment.band,
      repeat,
      repeatVictimIds,
    };
  }
}
