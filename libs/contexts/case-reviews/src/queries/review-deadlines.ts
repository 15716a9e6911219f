import { Injectable } from '@nestjs/common';
import { addWorkingDays } from '@hubline/calendar';
import { INFORMATION_REQUEST_WORKING_DAYS, type ReviewRecord, type ReviewStatus } from '../domain';
import { milestonesOf, type MilestoneStatus, type Timescales } from '../domain/timescales';

/** Due days in working days (England and Wales bank holidays excluded), from the timescales in force. */
@Injectable()
export class ReviewDeadlines {
  /** The last day the applicant may ask the PFCC's office to review. */
  appealBy(sentOn: string, timescales: Timescales): string {
    return addWorkingDays(sentOn, timescales.appealWindowWorkingDays);
  }

  /** When an information request sent on `askedOn` is due by default. */
  informationDue(askedOn: string): string {
    return addWorkingDays(askedOn, INFORMATION_REQUEST_WORKING_DAYS);
  }

  /** Each milestone of the review's current round: due day, working days left, breached. */
  milestones(
    record: ReviewRecord,
    status: Exclude<ReviewStatus, 'none'>,
    timescales: Timescales,
    today: string,
  ): MilestoneStatus[] {
    const decision = record.decisions.filter((d) => d.round === record.round).at(-1) ?? null;
    const panel = record.panels.filter((p) => p.round === record.round).at(-1) ?? null;
    const outcome = record.outcomes.filter((o) => o.round === record.round).at(-1) ?? null;
    const closure = status === 'closed' ? (record.closures.at(-1) ?? null) : null;
    return milestonesOf(
      {
        receivedOn: record.receivedOn,
        acknowledgedOn: record.acknowledged?.acknowledgedOn ?? null,
        thresholdDecidedOn: decision?.decidedOn ?? null,
        thresholdMet: decision ? decision.met : null,
        panelHeldOn: panel?.held?.heldOn ?? null,
        outcomeSentOn: outcome?.sentOn ?? null,
        closedOn: closure?.closedOn ?? null,
      },
      timescales,
      today,
    );
  }
}
