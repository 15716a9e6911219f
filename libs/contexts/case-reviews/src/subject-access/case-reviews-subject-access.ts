import { Injectable } from '@nestjs/common';
import { PersonalDataVault } from '@hubline/privacy';
import { CaseReviewsReadModel, summaryOf, type ReviewRow } from '../queries/case-reviews-read-model';

/** In place of text sealed with another person's key: it is theirs, not the requester's (as the other exports say). */
const WITHHELD = Object.freeze({ withheld: 'sealed_with_another_persons_key' as const });

type AgencyRef<A> = (id: string | null) => A | null;

const isSealed = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && 'ct' in v && 'iv' in v && 'tag' in v && (v as { v?: unknown }).v === 1;
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
    const sealed: unknown[] = [];
    const collect = (v: unknown): void => {
      if (isSealed(v)) sealed.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    if (opens) row.steps.forEach((s) => collect(s.data));
    const opened = opens
      ? await this.vault.openMany(sealed.map((s) => ({ personId: row.state.record.sealedWith, sealed: s as never })))
      : [];
    const byRef = new Map(sealed.map((s, i) => [s, opened[i]]));
    const shown = (v: unknown): unknown => {
      if (isSealed(v)) {
        if (!opens) return WITHHELD;
        const text = byRef.get(v);
        return typeof text === 'string' ? text : { erased: true };
      }
      if (Array.isArray(v)) return v.map(shown);
      if (v && typeof v === 'object')
        return Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !isUserKey(k))
            .map(([k, x]) => [k, /AgencyId$/.test(k) && typeof x === 'string' ? agency(x) : shown(x)]),
        );
      return v;
    };
    return row.steps.map((s) => ({ type: s.type, recordedAt: s.recordedAt, data: shown(s.data) }));
  }
}
