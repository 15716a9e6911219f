import { randomUUID } from 'node:crypto';
import type { Actor } from '@hubline/access';
import { addDays, londonDay } from '@hubline/calendar';
import { SeededRandom } from '@hubline/demo';
import type { JsonObject, NewEvent } from '@hubline/event-store';
import {
  decideReferral,
  DEFAULT_ASB_RISK_MATRIX,
  DEFAULT_REVIEW_CADENCE,
  evolveReferral,
  initialReferralState,
  VULNERABILITIES,
  type ActionKind,
  type ReferralCommand,
  type ReferralState,
  type Sealed,
} from '../../../libs/contexts/lag/src/domain';
import type { BenchHub } from './hub';

const DAY_MS = 86_400_000;
// Common kinds in LAG action plans (the decider accepts any of its ACTION_KINDS).
const KINDS: ActionKind[] = [
  'warning_letter',
  'support_referral',
  'target_hardening',
  'mediation',
  'community_protection_warning',
];
const NARRATIVE =
  'Repeated shouting and stones thrown at the front window by a neighbour; the victim lives alone and is afraid to go out.';

/** The partnership's people who act on cases, and where cases can be. */
export interface Cast {
  partnershipId: string;
  chair: Actor;
  /** Practitioners who refer victims (their agencies become involved). */
  referrers: Actor[];
  /** Practitioners whose agencies own actions. */
  owners: Actor[];
  localities: Array<{ localityId: string; wardIds: string[] }>;
}

/** How much happens in one case: actions agreed, moved to in progress, completed; reviews. */
export interface CaseShape {
  actions: number;
  progressed: number;
  completed: number;
  reviews: number;
}

export interface CaseSpec {
  referralId: string;
  victimId: string;
  perpetratorId: string | null;
  referrer: Actor;
  /** When the referral was made, and the time between successive decisions (the history spreads over months). */
  startMs: number;
  stepMs: number;
  shape: CaseShape;
}

/** Events of a case that appear on its victim's timeline: all but CaseInvolvementChanged. */
export const timelineEventsOf = (shape: CaseShape): number =>
  2 + shape.actions + shape.progressed + shape.completed + shape.reviews;

/**
 * A case's whole history, decided command by command by the LAG's referral decider on the state
 * the previous commands left (as the handlers do), so every event, CaseInvolvementChanged
 * included, has exactly the stored shape. Narratives are sealed once per case with the victim's
 * key and that one sealed value is reused for each narrative field: it opens like any other, and
 * sealing each field separately would only add vault look-ups to the load.
 */
export function caseEvents(spec: CaseSpec, cast: Cast, sealed: Sealed, random: SeededRandom): NewEvent[] {
  const { partnershipId, chair } = cast;
  let state: ReferralState = initialReferralState;
  let at = spec.startMs;
  const out: NewEvent[] = [];
  const decide = (actor: Actor, command: (now: string, today: string) => ReferralCommand) => {
    const now = new Date(at).toISOString();
    const events = decideReferral(command(now, londonDay(now)), state);
    state = events.reduce(evolveReferral, state);
    const metadata = { userId: actor.userId, agencyId: actor.agencyId, correlationId: 'bench-load' };
    for (const e of events) out.push({ id: randomUUID(), type: e.type, data: e.data as JsonObject, metadata });
    at += spec.stepMs;
  };
  const review = () =>
    decide(chair, (now, today) => ({
      type: 'RecordReview',
      partnershipId,
      meetingId: null,
      reviewedByUserId: chair.userId,
      cadence: DEFAULT_REVIEW_CADENCE,
      now,
      today,
    }));

  const place = random.pick(cast.localities);
  const hate = random.chance(0.15);
  decide(spec.referrer, (now) => ({
    type: 'Refer',
    referralId: spec.referralId,
    partnershipId,
    localityId: place.localityId,
    wardId: random.pick(place.wardIds),
    category: hate ? 'hate_crime' : 'asb',
    protectedCharacteristics: hate ? ['race'] : [],
    victims: [{ personId: spec.victimId, previousReferralAt: null }],
    perpetratorIds: spec.perpetratorId ? [spec.perpetratorId] : [],
    incidentSummary: sealed,
    vulnerabilities: VULNERABILITIES.filter(() => random.chance(0.15)),
    risk: {
      matrix: DEFAULT_ASB_RISK_MATRIX,
      answers: Object.fromEntries(DEFAULT_ASB_RISK_MATRIX.questions.map((q) => [q.id, random.pick(q.answers).id])),
      judgement: null,
    },
    multiAgencyReason: sealed,
    referringAgencyId: spec.referrer.agencyId,
    referredByUserId: spec.referrer.userId,
    now,
  }));
  decide(chair, (now, today) => ({
    type: 'AcceptReferral',
    partnershipId,
    chairUserId: chair.userId,
    chairAgencyId: chair.agencyId,
    cadence: DEFAULT_REVIEW_CADENCE,
    now,
    today,
  }));

  const actions = Array.from({ length: spec.shape.actions }, (_, i) => ({
    actionId: randomUUID(),
    owner: cast.owners[(i + random.int(0, cast.owners.length - 1)) % cast.owners.length],
  }));
  for (const { actionId, owner } of actions) {
    decide(chair, (now, today) => ({
      type: 'AgreeAction',
      partnershipId,
      actionId,
      owningAgencyId: owner.agencyId,
      assigneeUserId: owner.userId,
      kind: random.pick(KINDS),
      description: sealed,
      dueDate: addDays(today, 28),
      meetingId: null,
      targetPersonId: null,
      actor: { userId: chair.userId, agencyId: chair.agencyId, chair: true },
      now,
      today,
    }));
  }
  let reviews = spec.shape.reviews;
  actions.forEach(({ actionId, owner }, i) => {
    const status = (to: 'in_progress' | 'completed') =>
      decide(owner, (now) => ({
        type: 'UpdateActionStatus',
        partnershipId,
        actionId,
        status: to,
        outcome: to === 'completed' ? sealed : null,
        actor: { userId: owner.userId, agencyId: owner.agencyId, chair: false },
        now,
      }));
    if (i < spec.shape.progressed) status('in_progress');
    if (reviews > 0) {
      review();
      reviews--;
    }
    if (i < spec.shape.completed) status('completed');
  });
  for (; reviews > 0; reviews--) review();
  return out;
}

/** A typical case: one to three actions, some under way or done, one to three reviews (about ten events). */
export function typicalShape(random: SeededRandom): CaseShape {
  const actions = random.int(1, 3);
  const progressed = random.int(0, actions);
  return { actions, progressed, completed: random.int(0, progressed), reviews: random.int(1, 3) };
}

/**
 * A case whose victim's timeline ends up with exactly `entries` entries (counting their
 * PersonRegistered): forty actions each started and completed, the rest reviews.
 */
export function longShape(entries: number): CaseShape {
  const actions = 40;
  const shape = { actions, progressed: actions, completed: actions, reviews: 0 };
  shape.reviews = entries - 1 - timelineEventsOf(shape);
  if (shape.reviews < 0) throw new Error(`a timeline of ${entries} entries is too short for the long case`);
  return shape;
}

/** One case's whole history, its narrative sealed with the victim's key first (the vault needs the key row). */
export async function buildCase(hub: BenchHub, spec: CaseSpec, cast: Cast, random: SeededRandom): Promise<NewEvent[]> {
  const sealed = (await hub.vault.seal(spec.victimId, NARRATIVE)) as Sealed;
  return caseEvents(spec, cast, sealed, random);
}

/** Referral made up to two years ago, decisions a day to a week apart (the whole case stays in the past). */
export function typicalTiming(random: SeededRandom, nowMs: number): { startMs: number; stepMs: number } {
  return { startMs: nowMs - 730 * DAY_MS + random.int(0, 600) * DAY_MS, stepMs: random.int(1, 7) * DAY_MS };
}

export const LONG_CASE_TIMING = (nowMs: number) => ({ startMs: nowMs - 700 * DAY_MS, stepMs: 3 * DAY_MS });
