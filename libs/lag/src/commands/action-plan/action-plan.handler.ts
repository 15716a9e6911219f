import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { LagError, type ActionKind, type ActionStatus, type ReferralCommand } from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReferences } from '../lag-references';
import { LagStreams, type ExistingReferral, type Expected } from '../lag-streams';

export interface ActionInput {
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: ActionKind;
  description: string;
  dueDate: string;
  targetPersonId: string | null;
}

const isChair = (actor: Actor) => actor.roles.includes('lag_chair');

/**
 * Turns requested actions into AgreeAction commands after the checks the decider cannot make.
 * A chair may give an action to any active agency; a practitioner, between meetings, only to
 * their own agency and only on a case their agency is already involved in — owning an action
 * involves an agency in the case, and so lets it see the victim.
 */
@Injectable()
export class ActionPlans {
  constructor(
    private readonly streams: LagStreams,
    private readonly references: LagReferences,
    private readonly clock: LagClock,
  ) {}

  async agreeCommands(actor: Actor, referral: ExistingReferral, inputs: ActionInput[], meetingId: string | null): Promise<{ commands: ReferralCommand[]; actionIds: string[] }> {
    this.references.requireInvolved(actor, referral);
    const seal = this.streams.sealerOf(referral);
    const commands: ReferralCommand[] = [];
    const actionIds: string[] = [];
    for (const input of inputs) {
      if (!isChair(actor) && input.owningAgencyId !== actor.agencyId) throw new LagError('LAG.NOT_YOUR_AGENCY', 'Between meetings you can only agree actions for your own agency.');
      await this.references.activeAgency(actor.partnershipId, input.owningAgencyId);
      if (input.assigneeUserId) await this.references.userOfAgency(actor.partnershipId, input.assigneeUserId, input.owningAgencyId);
      const actionId = randomUUID();
      actionIds.push(actionId);
      commands.push({
        type: 'AgreeAction',
        partnershipId: actor.partnershipId,
        actionId,
        owningAgencyId: input.owningAgencyId,
        assigneeUserId: input.assigneeUserId,
        kind: input.kind,
        description: await seal(input.description),
        dueDate: input.dueDate,
        meetingId,
        targetPersonId: input.targetPersonId,
        agreedByUserId: actor.userId,
        now: this.clock.now(),
        today: this.clock.today(),
      });
    }
    return { commands, actionIds };
  }
}

export class AgreeAction extends Command<{ referralId: string; actionId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly referralId: string,
    readonly input: ActionInput,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

@CommandHandler(AgreeAction)
export class AgreeActionHandler implements ICommandHandler<AgreeAction, { referralId: string; actionId: string; version: number }> {
  constructor(
    private readonly streams: LagStreams,
    private readonly plans: ActionPlans,
  ) {}

  async execute({ actor, referralId, input, metadata, expectedVersion }: AgreeAction): Promise<{ referralId: string; actionId: string; version: number }> {
    const { state } = await this.streams.referral(actor.partnershipId, referralId);
    const { commands, actionIds } = await this.plans.agreeCommands(actor, state, [input], null);
    const { version } = await this.streams.decideReferral(referralId, commands, metadata, expectedVersion);
    return { referralId, actionId: actionIds[0], version };
  }
}

export interface UpdateActionResult {
  referralId: string;
  actionId: string;
  status: ActionStatus;
  version: number;
}

export class UpdateAction extends Command<UpdateActionResult> {
  constructor(
    readonly actor: Actor,
    readonly referralId: string,
    readonly actionId: string,
    readonly status: ActionStatus,
    readonly outcome: string | null,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/** Progress on an action is reported by the agency that owns it, or by the chair. */
@CommandHandler(UpdateAction)
export class UpdateActionHandler implements ICommandHandler<UpdateAction, UpdateActionResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly clock: LagClock,
  ) {}

  async execute(c: UpdateAction): Promise<UpdateActionResult> {
    const { state } = await this.streams.referral(c.actor.partnershipId, c.referralId);
    const action = state.record.actions[c.actionId];
    if (action && !isChair(c.actor) && action.owningAgencyId !== c.actor.agencyId) {
      throw new LagError('LAG.NOT_YOUR_AGENCY', 'Only the agency that owns this action, or the LAG chair, can update it.');
    }
    const outcome = c.outcome === null ? null : await this.streams.sealerOf(state)(c.outcome);
    const result = await this.streams.decideReferral(
      c.referralId,
      [{ type: 'UpdateActionStatus', partnershipId: c.actor.partnershipId, actionId: c.actionId, status: c.status, outcome, updatedByUserId: c.actor.userId, now: this.clock.now() }],
      c.metadata,
      c.expectedVersion,
    );
    const after = result.state.status === 'none' ? undefined : result.state.record.actions[c.actionId];
    return { referralId: c.referralId, actionId: c.actionId, status: after?.status ?? c.status, version: result.version };
  }
}
