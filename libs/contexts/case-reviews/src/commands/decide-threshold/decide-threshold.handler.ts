import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Actor } from '@hubline/access';
import { AsbReportRecords, type ComplaintRecord } from '@hubline/asb-reports';
import { addMonths } from '@hubline/calendar';
import type { EventMetadata } from '@hubline/event-store';
import type { ConsideredComplaint } from '../../domain';
import { judgeThreshold, type Complaint } from '../../domain/threshold';
import { CaseReviewsClock } from '../../case-reviews-clock';
import { CaseReviewReferences } from '../case-review-references';
import { CaseReviewStreams, type Expected } from '../case-review-streams';

export interface ThresholdDecisionResult {
  reviewId: string;
  version: number;
  status: string;
  met: boolean;
  basis: string | null;
  rulesVersion: number;
  notMetExplanation: string[];
  queryRoute: string | null;
}

/** The coordinator asks Hubline to judge the threshold on the complaints the agencies recorded. */
export class DecideCaseReviewThreshold extends Command<ThresholdDecisionResult> {
  constructor(
    readonly actor: Actor,
    readonly reviewId: string,
    readonly input: { decidedOn: string; discretionReason: string | null },
    readonly metadata: EventMetadata,
    readonly expectedVersion?: Expected,
  ) {
    super();
  }
}

/**
 * Reads the victim's complaints (and, when the partnership uses the community threshold, the
 * ward's) through the ASB reports facade, marks each agency a relevant body or not as the
 * partnership says now, judges them with the rules in force, and records the judgement whole.
 */
@CommandHandler(DecideCaseReviewThreshold)
export class DecideCaseReviewThresholdHandler implements ICommandHandler<
  DecideCaseReviewThreshold,
  ThresholdDecisionResult
> {
  constructor(
    private readonly streams: CaseReviewStreams,
    private readonly references: CaseReviewReferences,
    private readonly reports: AsbReportRecords,
    private readonly clock: CaseReviewsClock,
  ) {}

  async execute(c: DecideCaseReviewThreshold): Promise<ThresholdDecisionResult> {
    const partnershipId = c.actor.partnershipId;
    const { settings } = await this.streams.settings(partnershipId);
    const rules = settings.rules;
    const outcome = await this.streams.onReview(
      partnershipId,
      c.reviewId,
      async (review, seal) => {
        const r = review.record;
        const own = r.victimPersonId ? await this.reports.complaintsOf(partnershipId, r.victimPersonId) : [];
        const community =
          rules.community.enabled && r.wardId
            ? await this.reports.complaintsInWard(
                partnershipId,
                r.wardId,
                addMonths(r.receivedOn, -rules.community.windowMonths),
                r.receivedOn,
              )
            : [];
        const relevant = new Map<string, boolean>();
        for (const agencyId of new Set([...own, ...community].map((x) => x.agencyId)))
          relevant.set(agencyId, await this.references.isRelevantBody(partnershipId, agencyId));
        const complaints = own.map((x) => complaintOf(x, relevant));
        const communityComplaints = community.map((x) => complaintOf(x, relevant));
        const reason = c.input.discretionReason?.trim() || null;
        const judgement = judgeThreshold({
          applicationOn: r.receivedOn,
          complaints,
          ...(rules.community.enabled ? { communityComplaints } : {}),
          rules,
          ...(reason ? { discretion: { reason } } : {}),
        });
        return {
          type: 'DecideThreshold',
          partnershipId,
          rules,
          judgement,
          complaints: complaints.map(considered),
          communityComplaints: communityComplaints.map(considered),
          discretion: reason ? { reason: await seal(reason) } : null,
          decidedOn: c.input.decidedOn,
          byUserId: c.actor.userId,
          now: this.clock.now(),
          today: this.clock.today(),
        };
      },
      c.metadata,
      c.expectedVersion,
    );
    const decided = outcome.events.find((e) => e.type === 'CaseReviewThresholdDecided');
    if (!decided || decided.type !== 'CaseReviewThresholdDecided')
      throw new Error('threshold decided without an event');
    const d = decided.data;
    return {
      reviewId: c.reviewId,
      version: outcome.version,
      status: outcome.state.status,
      met: d.met,
      basis: d.judgement.basis,
      rulesVersion: d.rules.version,
      notMetExplanation: d.notMetExplanation,
      queryRoute: d.queryRoute,
    };
  }
}

function complaintOf(x: ComplaintRecord, relevant: Map<string, boolean>): Complaint {
  return {
    reportId: x.reportId,
    incidentId: x.incidentId,
    agencyId: x.agencyId,
    agencyIsRelevantBody: relevant.get(x.agencyId) ?? false,
    reporterKey: x.reporter.kind === 'person' ? x.reporter.personId : `org:${x.reporter.name}`,
    behaviourOn: x.behaviourOn,
    reportedOn: x.reportedOn,
    category: x.category,
  };
}

const considered = (c: Complaint): ConsideredComplaint => ({
  reportId: c.reportId,
  incidentId: c.incidentId,
  agencyId: c.agencyId,
  agencyIsRelevantBody: c.agencyIsRelevantBody,
  behaviourOn: c.behaviourOn,
  reportedOn: c.reportedOn,
  category: c.category,
});
