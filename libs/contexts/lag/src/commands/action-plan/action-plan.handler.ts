import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { newId, type EventMetadata } from '@hubline/event-store';
import type { ActionKind, ActionStatus, ReferralCommand } from '../../domain';
import { LagClock } from '../../lag-clock';
import { actingAs } from '../lag-actor';
import { LagReferences } from '../lag-references';
import { LagStreams, type Expected, type Sealer } from '../lag-streams';

export interface ActionInput {
  owningAgencyId: string;
  assigneeUserId: string | null;
  kind: ActionKind;
  description: string;
  dueDate: string;
  targetPersonId: string | null;
}

/**
 * Turns requested actions into AgreeAction commands after the checks the decider cannot make:
 * the owning agency is an active agency of the partnership, and the assignee one of its users.
 * Who may give an action to whom (a chair to any agency, a practitioner only to their own, on a
 * case their agency is already involved in) is the referral decider's rule.
 */
@Injectable()
export class ActionPlans {
  constructor(
    private readonly references: LagReferences,
    private readonly clock: LagClock,
  ) {}

  /** Ids for new actions, made once so that a retried append records the same ones. */
  newActionIds(inputs: ActionInput[]): string[] {
    return inputs.map(() => newId());
  }

  async agreeCommands(
    actor: Actor,
    inputs: ActionInput[],
    actionIds: string[],
    meetingId: string | null,
    seal: Sealer,
  ): Promise<ReferralCommand[]> {
    const commands: ReferralCommand[] = [];
    for (const [i, input] of inputs.entries()) {
      await this.references.activeAgency(actor.partnershipId, input.owningAgencyId);
      if (input.assigneeUserId)
        await this.references.userOfAgency(actor.partnershipId, input.assigneeUserId, input.owningAgencyId);
      commands.push({
        type: 'AgreeAction',
        partnershipId: actor.partnershipId,
        actionId: actionIds[i],
        owningAgencyId: input.owningAgencyId,
        assigneeUserId: input.assigneeUserId,
        kind: input.kind,
        description: await seal(input.description),
        dueDate: input.dueDate,
        meetingId,
        targetPersonId: input.targetPersonId,
        actor: actingAs(actor),
        now: this.clock.now(),
        today: this.clock.today(),
      });
    }
    return commands;
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
export class AgreeActionHandler implements ICommandHandler<
  AgreeAction,
  { referralId: string; actionId: string; version: number }
> {
  constructor(
    private readonly streams: LagStreams,
    private readonly plans: ActionPlans,
  ) {}

  async execute({
    actor,
    referralId,
    input,
    metadata,
    expectedVersion,
  }: AgreeAction): Promise<{ referralId: string; actionId: string; version: number }> {
    const [actionId] = this.plans.newActionIds([input]);
    const { version } = await this.streams.onReferral(
      actor.partnershipId,
      referralId,
      (_, seal) => this.plans.agreeCommands(actor, [input], [actionId], null, seal),
      metadata,
      expectedVersion,
    );
    return { referralId, actionId, version };
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

/** Progress on an action, reported by the agency that owns it or by the chair (the decider's rule). */
@CommandHandler(UpdateAction)
export class UpdateActionHandler implements ICommandHandler<UpdateAction, UpdateActionResult> {
  constructor(
    private readonly streams: LagStreams,
    private readonly clock: LagClock,
  ) {}

  async execute(c: UpdateAction): Promise<UpdateActionResult> {
    const result = await this.streams.onReferral(
      c.actor.partnershipId,
      c.referralId,
      async (_, seal) => [
        {
          type: 'UpdateActionStatus',
          partnershipId: c.actor.partnershipId,
          actionId: c.actionId,
          status: c.status,
          outcome: c.outcome === null ? null : await seal(c.outcome),
          actor: actingAs(c.actor),
          now: this.clock.now(),
        },
      ],
      c.metadata,
      c.expectedVersion,
    );
    const after = result.state.status === 'none' ? undefined : result.state.record.actions[c.actionId];
    return {
      referralId: c.referralId,
      actionId: c.actionId,
      status: after?.status ?? c.status,
      version: result.version,
    };
  }
}
