import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { londonDay } from '@hubline/calendar';
import { RISK_BANDS, type RiskBand } from '../domain';
import type { HistoryEntry } from './lag-read-model';

/** One calendar month's LAG cases: those the LAG managed at any time in it, by the band they were at. */
export interface MonthOfCases {
  /** `YYYY-MM`, a London calendar month. */
  month: string;
  bands: Record<RiskBand, number>;
  total: number;
}

export interface CasesByBand {
  /** The last day counted (London): the months run up to and including its month. */
  asOf: string;
  localityId: string | null;
  months: MonthOfCases[];
}

/** The months ending with the month of `asOf`, oldest first: `['2026-01', ..., '2026-12']`. */
export function monthsEndingWith(asOf: string, count: number): string[] {
  const [year, month] = asOf.split('-').map(Number);
  const months: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const index = year * 12 + (month - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

interface Span {
  /** First and last London day the case was managed in this span; `to` null while still open. */
  from: string;
  to: string | null;
  /** The band at each change within the span, in order: [day, band]. */
  bands: Array<[string, RiskBand]>;
}

/**
 * The spans a case was managed by the LAG (accepted until closed, again from each reopening),
 * with its band through each, from the case's history. A case declined or still awaiting the
 * chair's decision was never managed, so it has no span.
 */
export function managedSpans(history: HistoryEntry[]): Span[] {
  const spans: Span[] = [];
  let band: RiskBand | null = null;
  let open: Span | null = null;
  for (const entry of history) {
    const day = londonDay(entry.at);
    switch (entry.type) {
      case 'referred':
      case 'risk_reassessed':
        band = entry.band as RiskBand;
        open?.bands.push([day, band]);
        break;
      case 'accepted':
      case 'reopened':
        if (!open && band) {
          open = { from: day, to: null, bands: [[day, band]] };
          spans.push(open);
        }
        break;
      case 'closed':
        if (open) open.to = day;
        open = null;
        break;
      default:
        break;
    }
  }
  return spans;
}

const lastDayOf = (month: string): string => {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
};

/**
 * For each month, the cases the LAG managed at any time in it, each counted once, at the band it
 * had at the end of the month or, when it closed within the month, when it closed. The current
 * month is counted up to `asOf`.
 */
export function casesByBand(histories: HistoryEntry[][], asOf: string, monthCount: number): MonthOfCases[] {
  const spansOfCases = histories.map(managedSpans);
  return monthsEndingWith(asOf, monthCount).map((month) => {
    const first = `${month}-01`;
    const last = lastDayOf(month) < asOf ? lastDayOf(month) : asOf;
    const bands = Object.fromEntries(RISK_BANDS.map((b) => [b, 0])) as Record<RiskBand, number>;
    let total = 0;
    for (const spans of spansOfCases) {
      // The last span of the case that overlaps the month decides its band there.
      const overlapping = spans.filter((s) => s.from <= last && (s.to === null || s.to >= first));
      const span = overlapping[overlapping.length - 1];
      if (!span) continue;
      const end = span.to !== null && span.to < last ? span.to : last;
      const changes = span.bands.filter(([day]) => day <= end);
      const band = (changes[changes.length - 1] ?? span.bands[0])[1];
      bands[band] += 1;
      total += 1;
    }
    return { month, bands, total };
  });
}

/** Figures of a partnership's LAG cases over time, for its chairs and board (no personal data). */
@Injectable()
export class LagFigures {
  constructor(private readonly db: DataSource) {}

  async casesByBand(
    partnershipId: string,
    filter: { localityId: string | null; asOf: string; months: number },
  ): Promise<CasesByBand> {
    const start = `${monthsEndingWith(filter.asOf, filter.months)[0]}-01`;
    const rows: Array<{ history: HistoryEntry[] }> = await this.db.query(
      `SELECT history FROM lag.referrals
        WHERE partnership_id = $1 AND ($2::uuid IS NULL OR locality_id = $2) AND accepted_at IS NOT NULL
          AND (closed_at IS NULL OR closed_at >= $3::date - interval '1 day')`,
      [partnershipId, filter.localityId, start],
    );
    return {
      asOf: filter.asOf,
      localityId: filter.localityId,
      months: casesByBand(
        rows.map((r) => r.history),
        filter.asOf,
        filter.months,
      ),
    };
  }
}
