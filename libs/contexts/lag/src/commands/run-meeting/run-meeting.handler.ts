import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { ReadYourWrites } from '@hubline/projections';
import {
  LagError,
  type AgendaItem,
  type CancellationReason,
  type LateAdditionReason,
  type MeetingCommand,
  type RescheduleReason,
} from '../../domain';
import { LagClock } from '../../lag-clock';
import { LagReadModel } from '../../queries/lag-read-model';
import { LagReferences } from '../lag-references';
import { LagStreams, type Expected } from '../lag-streams';

/** One step of running a meeting, as the HTTP edge maps it. */
export type MeetingStep =
  | { type: 'agenda'; referralId: string; item: AgendaItem; lateReason?: LateAdditionReason | null }
  | { type: 'attendance'; entries: Array<{ agencyId: string; userId: string | null; present: boolean }> }
  | { type: 'confidentiality' }
  | { type: 'reschedule'; startsAt: string; reason: RescheduleReason }
  | { type: 'close' }
  | { type: 'cancel'; reason: CancellationReason };

export class RunMeeting extends Command<{ meetingId: string; version: number }> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly step: MeetingStep,
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * The chair's steps before and after the cases are discussed. Agenda facts come from the
 * referrals read model; attendees must be active agencies (and users of them) of the partnership.
 * Several attendance entries are decided in turn and appended together.
 */
@CommandHandler(RunMeeting)
export class RunMeetingHandler implements ICommandHandler<RunMeeting, { meetingId: string; version: number }> {
  constructor(
    private readonly streams: LagStreams,
    private readonly references: LagReferences,
    private readonly readModel: LagReadModel,
    private readonly clock: LagClock,
    private readonly fresh: ReadYourWrites,
  ) {}

  async execute({
    actor,
    meetingId,
    step,
    metadata,
    expectedVersion,
  }: RunMeeting): Promise<{ meetingId: string; version: number }> {
    const partnershipId = actor.partnershipId;
    const now = this.clock.now();
    let commands: MeetingCommand[];
    switch (step.type) {
      case 'agenda': {
        // The case comes from the read model, which trails the log: a refusal on what it says (a
        // case closed or reopened a moment ago) is decided again once it has caught up.
        const { version } = await this.fresh.check(async () => {
          const referral = await this.readModel.agendaCandidate(partnershipId, step.referralId);
          if (!referral) throw new LagError('REFERRAL.NOT_FOUND', 'No such referral in your partnership.');
          const agenda: MeetingCommand = {
            type: 'AddToAgenda',
            partnershipId,
            item: step.item,
            referral,
            lateReason: step.lateReason ?? null,
            addedByUserId: actor.userId,
            now,
          };
          return this.streams.decideMeeting(meetingId, [agenda], metadata, expectedVersion);
        });
        return { meetingId, version };
      }
      case 'attendance':
        for (const e of step.entries) {
          await this.references.activeAgency(partnershipId, e.agencyId);
          if (e.userId) await this.references.userOfAgency(partnershipId, e.userId, e.agencyId);
        }
        commands = step.entries.map((e) => ({
          type: e.present ? 'RecordAttendance' : 'RecordApologies',
          partnershipId,
          agencyId: e.agencyId,
          userId: e.userId,
          now,
        }));
        break;
      case 'confidentiality':
        commands = [
          { type: 'ConfirmConfidentiality', partnershipId, chairUserId: actor.userId, now, today: this.clock.today() },
        ];
        break;
      case 'reschedule':
        commands = [
          {
            type: 'RescheduleMeeting',
            partnershipId,
            startsAt: step.startsAt,
            reason: step.reason,
            rescheduledByUserId: actor.userId,
            now,
            today: this.clock.today(),
          },
        ];
        break;
      case 'close':
        commands = [{ type: 'CloseMeeting', partnershipId, closedByUserId: actor.userId, now }];
        break;
      case 'cancel':
        commands = [
          { type: 'CancelMeeting', partnershipId, reason: step.reason, cancelledByUserId: actor.userId, now },
        ];
        break;
      default: {
        const unexpected: never = step;
        return unexpected;
      }
    }
    const { version } = await this.streams.decideMeeting(meetingId, commands, metadata, expectedVersion);
    return { meetingId, version };
  }
}
