import { instantMonthsBefore, instantMs } from '@hubline/calendar';
import { LagError, requireKnown } from '../errors';
import { assessRisk, type ProfessionalJudgement, type RiskAnswers, type RiskMatrix } from '../risk-matrix';
import type { Sealed } from '../sealed';
import {
  PROTECTED_CHARACTERISTICS,
  REFERRAL_CATEGORIES,
  REPEAT_WINDOW_MONTHS,
  VULNERABILITIES,
  type ProtectedCharacteristic,
  type ReferralCategory,
  type Vulnerability,
} from './codes';
import { knownCodes, requireText } from './errors';
import type { ReferralEvent, VictimReferredData } from './events';
import { withInvolvement } from './involvement';
import type { ReferralState } from './state';

export type ReferCommand = {
  type: 'Refer';
  referralId: string;
  partnershipId: string;
  localityId: string;
  wardId?: string | null;
  category: ReferralCategory;
  protectedCharacteristics?: ProtectedCharacteristic[];
  /** `previousReferralAt`: when this victim was last referred to a LAG, if ever (from the read side). */
  victims: Array<{ personId: string; previousReferralAt: string | null }>;
  perpetratorIds: string[];
  incidentSummary: Sealed;
  vulnerabilities: Vulnerability[];
  /** The partnership's current matrix, the answers, and any professional judgement. */
  risk: { matrix: RiskMatrix; answers: RiskAnswers; judgement?: ProfessionalJudgement | null };
  multiAgencyReason: Sealed;
  referringAgencyId: string;
  referredByUserId: string;
  now: string;
};

/**
 * Any partner agency refers: each person once and in one role, a hate crime with the protected
 * characteristics it targeted (an ASB referral with none), the risk scored on the partnership's
 * matrix, and the repeat flag for a victim referred within the last 12 months.
 */
export function refer(command: ReferCommand, state: ReferralState): ReferralEvent[] {
  if (state.status !== 'none') throw new LagError('REFERRAL.ALREADY_EXISTS', 'This referral already exists.');
  return withInvolvement(state, [{ type: 'VictimReferred', data: referred(command) }]);
}

function referred(command: ReferCommand): VictimReferredData {
  const victimIds = command.victims.map((v) => v.personId);
  if (victimIds.length === 0) throw new LagError('REFERRAL.NO_VICTIM', 'A referral needs at least one victim.');
  if (
    new Set(victimIds).size !== victimIds.length ||
    new Set(command.perpetratorIds).size !== command.perpetratorIds.length
  ) {
    throw new LagError('REFERRAL.DUPLICATE_PERSON', 'A person is listed twice.');
  }
  if (command.perpetratorIds.some((id) => victimIds.includes(id))) {
    throw new LagError(
      'REFERRAL.VICTIM_ALSO_PERPETRATOR',
      'The same person cannot be both a victim and a known perpetrator in one referral.',
    );
  }

  const category = requireKnown(REFERRAL_CATEGORIES, command.category, 'REFERRAL.UNKNOWN_CODE', 'category');
  const characteristics = knownCodes(
    PROTECTED_CHARACTERISTICS,
    command.protectedCharacteristics ?? [],
    'protected characteristic',
  );
  if (category === 'hate_crime' && characteristics.length === 0) {
    throw new LagError(
      'REFERRAL.CHARACTERISTIC_REQUIRED',
      'A hate crime referral needs the protected characteristic(s) the victim was targeted for.',
    );
  }
  // A characteristic on an ASB referral would make it a hate crime in every report but this one.
  if (category === 'asb' && characteristics.length > 0) {
    throw new LagError(
      'REFERRAL.CHARACTERISTIC_NOT_APPLICABLE',
      'A protected characteristic makes this a hate crime referral; choose that category.',
    );
  }

  const windowStart = instantMs(instantMonthsBefore(command.now, REPEAT_WINDOW_MONTHS));
  const repeatVictimIds: string[] = [];
  for (const v of command.victims) {
    if (v.previousReferralAt === null) continue;
    const at = instantMs(v.previousReferralAt);
    if (Number.isNaN(at) || at > instantMs(command.now))
      throw new LagError('REFERRAL.PREVIOUS_REFERRAL_IN_FUTURE', 'A previous referral date must be a past date-time.');
    if (at >= windowStart) repeatVictimIds.push(v.personId);
  }

  return {
    referralId: command.referralId,
    partnershipId: command.partnershipId,
    localityId: command.localityId,
    wardId: command.wardId ?? null,
    category,
    protectedCharacteristics: characteristics,
    victimIds,
    perpetratorIds: [...command.perpetratorIds],
    incidentSummary: requireText(command.incidentSummary, 'An incident summary'),
    vulnerabilities: knownCodes(VULNERABILITIES, command.vulnerabilities, 'vulnerability'),
    riskAssessment: assessRisk(command.risk.matrix, command.risk.answers, command.risk.judgement),
    multiAgencyReason: requireText(command.multiAgencyReason, 'Why a multi-agency response is needed'),
    referringAgencyId: command.referringAgencyId,
    referredByUserId: command.referredByUserId,
    referredAt: command.now,
    repeat: repeatVictimIds.length > 0,
    repeatVictimIds,
  };
}
