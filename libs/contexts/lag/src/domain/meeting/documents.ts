import { LagError } from '../errors';
import { inStatus } from './errors';
import type { MeetingEvent } from './events';
import type { ExistingMeeting } from './state';

/**
 * The meeting's documents (decision 0028). The pack is issued to each agency that asks for it
 * (recorded on the meeting's pack stream, apart from the meeting itself so that reading a pack
 * never changes the meeting's version); the minutes are issued once by the chair, once the
 * meeting is closed, on the meeting's stream.
 */
export const packIssuesStream = (meetingId: string) => `lag-packs-${meetingId}`;

export type IssueMinutes = {
  type: 'IssueMinutes';
  partnershipId: string;
  /** Each receiving agency, with the agenda cases whose part it receives (those it may read and heard). */
  recipients: Array<{ agencyId: string; referralIds: string[] }>;
  cases: Array<{ referralId: string; status: string; nextReviewDate: string | null }>;
  issuedByUserId: string;
  now: string;
};

/** Issues the minutes of a closed meeting, once: to agencies, each with only agenda cases. */
export function issueMinutes(command: IssueMinutes, current: ExistingMeeting): MeetingEvent[] {
  const closed = inStatus(current, ['closed'], {
    scheduled: 'MEETING.NOT_CLOSED',
    in_session: 'MEETING.NOT_CLOSED',
    cancelled: 'MEETING.CANCELLED',
  });
  if (closed.minutesIssuedAt)
    throw new LagError('MEETING.MINUTES_ALREADY_ISSUED', 'The minutes of this meeting were already issued.', {
      issuedAt: closed.minutesIssuedAt,
    });
  const { record } = closed;
  const onAgenda = (id: string) => Boolean(record.agenda[id]);
  const byAgency = new Map<string, Set<string>>();
  for (const r of command.recipients) {
    const ids = byAgency.get(r.agencyId) ?? new Set<string>();
    for (const id of r.referralIds) if (onAgenda(id)) ids.add(id);
    byAgency.set(r.agencyId, ids);
  }
  return [
    {
      type: 'MeetingMinutesIssued',
      data: {
        meetingId: record.meetingId,
        partnershipId: record.partnershipId,
        recipients: [...byAgency]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([agencyId, ids]) => ({ agencyId, referralIds: [...ids].sort() })),
        cases: command.cases.filter((c) => onAgenda(c.referralId)),
        issuedByUserId: command.issuedByUserId,
        issuedAt: command.now,
      },
    },
  ];
}

// ---- the pack issued to agencies: its own small stream per meeting ----

export type PackIssueEvent = {
  type: 'MeetingPackIssued';
  data: {
    meetingId: string;
    partnershipId: string;
    agencyId: string;
    issuedToUserId: string;
    /** The agenda cases whose contents the agency received for the first time with this issue. */
    referralIds: string[];
    issuedAt: string;
  };
};

/** By agency: the cases whose contents were issued to it. */
export type PackIssues = Record<string, string[]>;
export const initialPackIssues: PackIssues = {};

export function evolvePackIssues(state: PackIssues, event: PackIssueEvent): PackIssues {
  const d = event.data;
  return { ...state, [d.agencyId]: [...new Set([...(state[d.agencyId] ?? []), ...d.referralIds])] };
}

export type IssuePack = {
  type: 'IssuePack';
  meetingId: string;
  partnershipId: string;
  agencyId: string;
  userId: string;
  /** The cases shown to the agency with their contents (not those it sees locked). */
  referralIds: string[];
  now: string;
};

/**
 * Records the pack issued to an agency: a disclosure of each case it had not received yet. A pack
 * asked for again with nothing new records nothing (the consultation log still records the read).
 */
export function issuePack(command: IssuePack, state: PackIssues): PackIssueEvent[] {
  const already = new Set(state[command.agencyId] ?? []);
  const fresh = [...new Set(command.referralIds)].filter((id) => !already.has(id)).sort();
  if (fresh.length === 0) return [];
  return [
    {
      type: 'MeetingPackIssued',
      data: {
        meetingId: command.meetingId,
        partnershipId: command.partnershipId,
        agencyId: command.agencyId,
        issuedToUserId: command.userId,
        referralIds: fresh,
        issuedAt: command.now,
      },
    },
  ];
}

/** What the chair reads out before any case is discussed; the minutes record that it was read. */
export const CONFIDENTIALITY_STATEMENT =
  'Everything shared at this meeting is confidential. It is shared to reduce the harm to the victims discussed, ' +
  "under the partnership's information sharing agreements and the Crime and Disorder Act 1998 s.115. " +
  'It must not be passed on outside the agencies present without the agreement of the agency that shared it; ' +
  'each agency present is recorded as having received what was discussed.';
