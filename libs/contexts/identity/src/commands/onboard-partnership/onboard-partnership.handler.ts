import { Inject } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, stableId, type EventMetadata, type EventStore } from '@hubline/event-store';
import { ChangePartnership, PartnershipDirectory } from '@hubline/partnerships';
import {
  checkOnboarding,
  PartnershipNameTakenError,
  planOnboarding,
  type OnboardingRequest,
} from '../../domain/onboarding';
import { SubjectTakenError, userStream } from '../../domain/user';
import { Users } from '../../user-directory';
import { ChangeUser } from '../user-command.handler';

export interface OnboardingResult {
  partnershipId: string;
  name: string;
  agencyId: string;
  adminUserId: string;
  adminSubject: string;
}

/** Creates a partnership with its first agency and its first partnership administrator. */
export class OnboardPartnership extends Command<OnboardingResult> {
  constructor(
    readonly request: OnboardingRequest,
    readonly metadata: EventMetadata,
  ) {
    super();
  }
}

const codeOf = (error: unknown) => (error as { code?: string }).code;

/**
 * The one use case of a platform administrator (and of the operator's `create-partnership`).
 * Each step goes through the command its context owns, with the caller in the metadata; a step an
 * earlier, interrupted run already made is found in place and skipped.
 */
@CommandHandler(OnboardPartnership)
export class OnboardPartnershipHandler implements ICommandHandler<OnboardPartnership, OnboardingResult> {
  constructor(
    private readonly commands: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly partnerships: PartnershipDirectory,
    private readonly users: Users,
  ) {}

  async execute({ request, metadata }: OnboardPartnership): Promise<OnboardingResult> {
    const plan = planOnboarding(request, stableId);
    checkOnboarding(plan, {
      partnershipsWithName: await this.partnerships.withName(plan.name),
      firstAdminRegistered: (await this.store.streamRevision(userStream(plan.adminUserId))) >= 0,
    });
    // Refused before anything is written when the read model already knows the subject; the reservation decides races.
    const holder = await this.users.findBySubject(plan.adminSubject);
    if (holder && !('userId' in holder && holder.userId === plan.adminUserId))
      throw new SubjectTakenError('A user with this identity-provider subject is already registered.');

    const partnership = async (command: ChangePartnership['command'], alreadyDone: string) => {
      try {
        await this.commands.execute(new ChangePartnership(plan.partnershipId, command, metadata));
      } catch (error) {
        if (codeOf(error) !== alreadyDone) throw error;
      }
    };
    await partnership(
      {
        type: 'RegisterPartnership',
        partnershipId: plan.partnershipId,
        name: plan.name,
        area: plan.area,
        now: plan.now,
      },
      'PARTNERSHIP.ALREADY_REGISTERED',
    );
    // The partnership has no administrator yet, so an agency of this name is this plan's, left by an earlier run.
    await partnership(
      { type: 'AddAgency', agencyId: plan.agencyId, name: plan.agencyName, kind: plan.agencyKind, now: plan.now },
      'PARTNERSHIP.DUPLICATE_NAME',
    );
    const admin = {
      type: 'RegisterUser' as const,
      userId: plan.adminUserId,
      partnershipId: plan.partnershipId,
      subject: plan.adminSubject,
      displayName: plan.adminDisplayName,
      agencyId: plan.agencyId,
      roles: ['partnership_admin' as const],
      now: plan.now,
    };
    try {
      await this.commands.execute(new ChangeUser(plan.adminUserId, admin, metadata));
    } catch (error) {
      // Another run of this onboarding registered the administrator first.
      if (codeOf(error) === 'USER.ALREADY_REGISTERED')
        throw new PartnershipNameTakenError(
          `A partnership named "${plan.name}" already exists, with its first administrator.`,
          { partnershipId: plan.partnershipId },
        );
      throw error;
    }
    return {
      partnershipId: plan.partnershipId,
      name: plan.name,
      agencyId: plan.agencyId,
      adminUserId: plan.adminUserId,
      adminSubject: plan.adminSubject,
    };
  }
}
