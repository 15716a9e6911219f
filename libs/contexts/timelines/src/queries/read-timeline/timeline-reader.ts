import { Injectable } from '@nestjs/common';
import type { Actor, DataCategory, Purpose } from '@hubline/access';
import { londonDay } from '@hubline/calendar';
import { NotFoundError } from '@hubline/errors';
import { stopIfClientGone } from '@hubline/http';
import { PartnershipDirectory } from '@hubline/partnerships';
import { PeopleDirectory, type PersonView } from '@hubline/people';
import { summarise, type Names, type TimelineRole } from '../../domain/summarise';
import { ASB_CASE_REVIEW, ASB_REPORT, ENFORCEMENT_ORDER, LAG_REFERRAL } from '../../projections/timeline.projection';
import { decodeCursor, DEFAULT_LIMIT, encodeCursor, MAX_LIMIT } from './read-timeline.query';
import {
  TimelineTables,
  type EntryRow,
  type OffenderHeader,
  type TimelineKind,
  type TimelinePage,
  type VictimHeader,
} from './timeline-tables';

export interface TimelineEntry {
  eventId: string;
  type: string;
  occurredAt: string;
  role: TimelineRole;
  agency: { agencyId: string; name: string } | null;
  summary: string;
  case: { type: string; id: string; link: string } | null;
}

export interface Timeline {
  personId: string;
  kind: TimelineKind;
  /** From the people register: the name when the caller's agency may see it, else locked, erased or merged. */
  person: PersonView;
  locked?: true;
  erased?: true;
  mergedInto?: string;
  /** The data categories of the header and entries when they are held back (see TIMELINE_CATEGORIES). */
  withheld?: DataCategory[];
  header: VictimHeader | OffenderHeader | null;
  /** Newest first. */
  entries: TimelineEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

/**
 * What a timeline's header and entries tell about the person, as data categories: a victim's case
 * history (categories, risk bands, actions), an offender's (what they are said to have done, and
 * the actions against them). They are shown whole or not at all: only to an agency that may read
 * every one of these categories (one that holds the record or works an open case about the person
 * may read all of them; a recipient of disclosures only what was disclosed).
 */
export const TIMELINE_CATEGORIES: Record<TimelineKind, readonly DataCategory[]> = {
  victim: ['incident_details', 'risk_assessment', 'case_actions'],
  offender: ['incident_details', 'case_actions', 'criminal_offence'],
};

const caseLink = (caseType: string, caseId: string) =>
  caseType === LAG_REFERRAL
    ? `/lag/referrals/${caseId}`
    : caseType === ASB_REPORT
      ? `/asb/reports/${caseId}`
      : caseType === ASB_CASE_REVIEW
        ? `/case-reviews/${caseId}`
        : caseType === ENFORCEMENT_ORDER
          ? `/enforcement/orders/${caseId}`
          : `/cases/${caseType}/${caseId}`;

/**
 * A victim's or offender's timeline, read from the projection tables (never by replaying streams).
 * The people register decides what the caller sees, and records the consultation:
 * - the caller's agency may see the person: name, header and entries; one consultation is recorded;
 * - it may not: the locked view (the person exists, which agencies are involved), no entries;
 * - the person was forgotten: `erased`; to agencies the policy still lets in (those that held the
 *   record or work its cases) the header and entries too, which hold codes, dates and agencies only,
 *   so the partnership can still account for what it did. Nothing identifies the person any more,
 *   so no consultation is recorded;
 * - a duplicate merged into another record: `mergedInto`, no entries; the survivor's timeline
 *   shows the duplicate's entries with its own.
 */
@Injectable()
export class TimelineReader {
  constructor(
    private readonly tables: TimelineTables,
    private readonly people: PeopleDirectory,
    private readonly partnerships: PartnershipDirectory,
  ) {}

  /**
   * Three round trips after authentication's: the person with what the policy needs (one
   * statement, `PeopleDirectory.look`), the page with its header and the partnership's version
   * (one statement, `TimelineTables.page`), and the consultation's append; the partnership's names
   * come from memory while its version stands. The page is read before the consultation is
   * recorded, and shown only after it.
   */
  async read(
    actor: Actor,
    kind: TimelineKind,
    personId: string,
    q: { purpose: Purpose; before?: string; limit?: number; correlationId?: string },
  ): Promise<Timeline> {
    const before = q.before ? decodeCursor(q.before) : null;
    const limit = Math.min(q.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
    const look = await this.people.look(actor, [personId]);
    const assessed = look.access.get(personId);
    const granted = assessed?.categories ?? [];
    const withheld = TIMELINE_CATEGORIES[kind].filter((c) => !granted.includes(c));
    const partnershipId = actor.partnershipId;
    // Only for a caller who may read the person's case history; the costly part, not read for a
    // client that has gone.
    let page: TimelinePage | null = null;
    if (assessed?.visible && withheld.length === 0) {
      stopIfClientGone();
      page = await this.tables.page(partnershipId, personId, kind, { before, limit }, londonDay(new Date()));
      // An offender's timeline is only for someone a case records as an alleged perpetrator (a
      // victim's own support is no offender's record). Told only to a caller who may read the
      // person's case history, before anything is shown or recorded, so it tells nobody else anything.
      if (kind === 'offender' && !page.allegedPerpetrator)
        throw new NotFoundError(
          'TIMELINE.NOT_AN_ALLEGED_PERPETRATOR',
          'No case records this person as an alleged perpetrator, so there is no offender timeline: read their victim timeline.',
        );
    }
    const [person] = await look.show(q.purpose, `${kind}_timeline`, {
      correlationId: q.correlationId,
      alsoShown: new Map([[personId, withheld.length ? [] : TIMELINE_CATEGORIES[kind]]]),
    });
    if (!person) throw new NotFoundError('PERSON.NOT_FOUND', 'No such person in your partnership.');
    const closed = { personId, kind, person, header: null, entries: [], nextBefore: null };

    if ('mergedInto' in person) return { ...closed, mergedInto: person.mergedInto };
    if ('locked' in person) return { ...closed, locked: true };
    const erased = 'erased' in person;
    if (erased && !assessed?.visible) return { ...closed, erased: true };
    if (withheld.length || !page) return { ...closed, ...(erased ? { erased: true as const } : {}), withheld };

    const names: Names = (await this.partnerships.names(partnershipId, page.partnershipVersion)) ?? NO_NAMES;
    const header = page.header;
    if ('outstandingActions' in header)
      for (const a of header.outstandingActions) a.owningAgency.name = names.agency(a.owningAgency.agencyId) ?? '';
    if ('orders' in header)
      for (const o of [...header.orders.inForce, ...header.orders.expiring, ...header.orders.breached])
        if (o.agency) o.agency.name = names.agency(o.agency.agencyId) ?? '';
    const rows = page.rows();
    const last = rows[rows.length - 1];
    return {
      personId,
      kind,
      person,
      ...(erased ? { erased: true as const } : {}),
      header,
      entries: rows.map((r) => toEntry(r, personId, names)),
      nextBefore: page.more ? encodeCursor({ occurredAt: last.occurred_at, seq: last.seq }) : null,
    };
  }
}

const NO_NAMES: Names = { agency: () => undefined, locality: () => undefined, ward: () => undefined };

function toEntry(r: EntryRow, personId: string, names: Names): TimelineEntry {
  const agencyName = r.agency_id ? names.agency(r.agency_id) : undefined;
  return {
    eventId: r.event_id,
    type: r.event_type,
    occurredAt: r.occurred_at,
    role: r.role,
    agency: r.agency_id && agencyName !== undefined ? { agencyId: r.agency_id, name: agencyName } : null,
    summary: summarise(
      {
        type: r.event_type,
        role: r.role,
        agencyId: r.agency_id,
        facts: r.facts,
        onMergedRecord: r.person_id !== personId,
      },
      names,
    ),
    case:
      r.case_type && r.case_id ? { type: r.case_type, id: r.case_id, link: caseLink(r.case_type, r.case_id) } : null,
  };
}
