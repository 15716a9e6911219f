import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@hubline/privacy';
import { CaseReviewsReadModel, summaryOf, type ReviewRow } from '../queries/case-reviews-read-model';
import { openStepTexts, stepsWithTextsAs } from '../queries/review-texts';

/** In place of text sealed with another person's key: it is theirs, not the requester's (as the other exports say). */
const WITHHELD = Object.freeze({ withheld: 'sealed_with_another_persons_key' as const });

type AgencyRef<A> = (id: string | null) => A | null;

/** Who in an agency did a step is the agency's business, not the requester's: the agency is shown. */
const isUserKey = (key: string) => /UserId$/.test(key) || key === 'userId';

/**
 * What the case reviews context holds about a person, for a subject access request: every ASB Case
 * Review of which they (or a record merged into theirs, `ids`) are the victim, step by step, with
 * its deadlines' days, its information requests, recommendations and outcomes. Text sealed with
 * the victim's key (findings, what agencies supplied, the applicant's and the victim's words) is
 * opened for them; a review whose text is sealed under another key (a business's application)
 * shows it withheld. Officers are shown by agency, never by name or user id.
 */
@Injectable()
export class CaseReviewsSubjectAccess {
  constructor(
    private readonly readModel: CaseReviewsReadModel,
    private readonly vault: PersonalDataVault,
  ) {}

  async reviews<A>(partnershipId: string, ids: string[], agency: AgencyRef<A>) {
    const own = new Set(ids);
    return Promise.all(
      (await this.readModel.reviewsOfVictims(partnershipId, ids)).map(async (row) => {
        const summary = summaryOf(row);
        return {
          reviewId: row.reviewId,
          status: summary.status,
          round: summary.round,
          route: summary.route,
          applicantKind: summary.applicantKind,
          receivedOn: summary.receivedOn,
          coordinator: agency(summary.coordinatorAgencyId),
          acknowledgedOn: summary.acknowledgedOn,
          thresholdDecidedOn: summary.thresholdDecidedOn,
          thresholdMet: summary.thresholdMet,
          thresholdBasis: summary.thresholdBasis,
          panelHeldOn: summary.panelHeldOn,
          outcomeSentOn: summary.outcomeSentOn,
          closedOn: summary.closedOn,
          escalatedToPfcc: summary.escalatedToPfcc,
          steps: await this.steps(row, own.has(row.state.record.sealedWith), agency),
        };
      }),
    );
  }

  private async steps<A>(row: ReviewRow, opens: boolean, agency: AgencyRef<A>) {
    const steps = opens ? await openStepTexts(this.vault, row) : stepsWithTextsAs(row, WITHHELD);
    const byAgency = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(byAgency);
      if (v && typeof v === 'object')
        return Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !isUserKey(k))
            .map(([k, x]) => [k, /AgencyId$/.test(k) && typeof x === 'string' ? agency(x) : byAgency(x)]),
        );
      return v;
    };
    return steps.map((s) => ({ type: s.type, recordedAt: s.recordedAt, data: byAgency(s.data) }));
  }
}
