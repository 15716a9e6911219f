import { DomainError } from '@hubline/errors';

/** The kinds of partner agency in a Community Safety Partnership. */
export const AGENCY_KINDS = [
  'police',
  'local_authority',
  'housing_provider',
  'fire_and_rescue',
  'probation',
  'youth_offending',
  'health',
  'voluntary',
  /** The Police (Fire) and Crime Commissioner's office, the local policing body. */
  'policing_body',
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

/**
 * An agency's part in ASB Case Reviews (ASB, Crime and Policing Act 2014 s.104-105): a relevant
 * body (the council and the police), a social landlord the partnership co-opted, the Integrated
 * Care Board, or none. Relevant bodies receive every application and must answer information
 * requests (Sch 4 para 7).
 */
export const CASE_REVIEW_ROLES = ['relevant_body', 'co_opted', 'icb', 'none'] as const;
export type CaseReviewRole = (typeof CASE_REVIEW_ROLES)[number];

/** The roles an agency of each kind may hold; the first is its default when it is added. */
export const CASE_REVIEW_ROLES_BY_KIND: Record<AgencyKind, readonly CaseReviewRole[]> = {
  police: ['relevant_body', 'none'],
  local_authority: ['relevant_body', 'none'],
  housing_provider: ['none', 'co_opted'],
  health: ['none', 'icb'],
  fire_and_rescue: ['none'],
  probation: ['none'],
  youth_offending: ['none'],
  voluntary: ['none'],
  policing_body: ['none'],
};
export const defaultCaseReviewRole = (kind: AgencyKind): CaseReviewRole => CASE_REVIEW_ROLES_BY_KIND[kind][0];
/** Takes part in case reviews as a relevant body (council, police, ICB, or a co-opted social landlord). */
export const isRelevantBodyRole = (role: CaseReviewRole) => role !== 'none';

export const partnershipStream = (partnershipId: string) => `partnership-${partnershipId}`;

// ---- events (stored contracts: names and shapes never change meaning) ----
export type PartnershipEvent =
  | { type: 'PartnershipRegistered'; data: { partnershipId: string; name: string; area: string; registeredAt: string } }
  | {
      type: 'AgencyAdded';
      data: { partnershipId: string; agencyId: string; name: string; kind: AgencyKind; addedAt: string };
    }
  | { type: 'AgencyRenamed'; data: { partnershipId: string; agencyId: string; name: string } }
  | { type: 'AgencyDeactivated'; data: { partnershipId: string; agencyId: string; deactivatedAt: string } }
  | {
      type: 'AgencyCaseReviewRoleSet';
      data: { partnershipId: string; agencyId: string; caseReviewRole: CaseReviewRole; setAt: string };
    }
  | { type: 'LocalityAdded'; data: { partnershipId: string; localityId: string; name: string } }
  | { type: 'WardAdded'; data: { partnershipId: string; wardId: string; localityId: string; name: string } };

// ---- state ----
export interface Agency {
  name: string;
  kind: AgencyKind;
  active: boolean;
  caseReviewRole: CaseReviewRole;
}
export type PartnershipState =
  | { status: 'none' }
  | {
      status: 'registered';
      partnershipId: string;
      name: string;
      agencies: Record<string, Agency>;
      localities: Record<string, { name: string }>;
      wards: Record<string, { name: string; localityId: string }>;
    };

export const initialState: PartnershipState = { status: 'none' };

export function evolve(state: PartnershipState, event: PartnershipEvent): PartnershipState {
  if (event.type === 'PartnershipRegistered') {
    return {
      status: 'registered',
      partnershipId: event.data.partnershipId,
      name: event.data.name,
      agencies: {},
      localities: {},
      wards: {},
    };
  }
  if (state.status !== 'registered') return state;
  switch (event.type) {
    case 'AgencyAdded':
      return {
        ...state,
        agencies: {
          ...state.agencies,
          [event.data.agencyId]: {
            name: event.data.name,
            kind: event.data.kind,
            active: true,
            caseReviewRole: defaultCaseReviewRole(event.data.kind),
          },
        },
      };
    case 'AgencyRenamed':
      return {
        ...state,
        agencies: {
          ...state.agencies,
          [event.data.agencyId]: { ...state.agencies[event.data.agencyId], name: event.data.name },
        },
      };
    case 'AgencyDeactivated':
      return {
        ...state,
        agencies: {
          ...state.agencies,
          [event.data.agencyId]: { ...state.agencies[event.data.agencyId], active: false },
        },
      };
    case 'AgencyCaseReviewRoleSet':
      return {
        ...state,
        agencies: {
          ...state.agencies,
          [event.data.agencyId]: { ...state.agencies[event.data.agencyId], caseReviewRole: event.data.caseReviewRole },
        },
      };
    case 'LocalityAdded':
      return { ...state, localities: { ...state.localities, [event.data.localityId]: { name: event.data.name } } };
    case 'WardAdded':
      return {
        ...state,
        wards: { ...state.wards, [event.data.wardId]: { name: event.data.name, localityId: event.data.localityId } },
      };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- errors ----
export class PartnershipNotFoundError extends DomainError {
  readonly code = 'PARTNERSHIP.NOT_FOUND';
  readonly kind = 'not_found';
}
export class PartnershipAlreadyRegisteredError extends DomainError {
  readonly code = 'PARTNERSHIP.ALREADY_REGISTERED';
  readonly kind = 'conflict';
}
export class AgencyNotFoundError extends DomainError {
  readonly code = 'PARTNERSHIP.AGENCY_NOT_FOUND';
  readonly kind = 'not_found';
}
export class LocalityNotFoundError extends DomainError {
  readonly code = 'PARTNERSHIP.LOCALITY_NOT_FOUND';
  readonly kind = 'not_found';
}
export class DuplicateNameError extends DomainError {
  readonly code = 'PARTNERSHIP.DUPLICATE_NAME';
  readonly kind = 'conflict';
}
export class AgencyInactiveError extends DomainError {
  readonly code = 'PARTNERSHIP.AGENCY_INACTIVE';
  readonly kind = 'conflict';
}
export class CaseReviewRoleNotForKindError extends DomainError {
  readonly code = 'PARTNERSHIP.CASE_REVIEW_ROLE_NOT_FOR_KIND';
  readonly kind = 'unprocessable';
}

// ---- decisions ----
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function registered(state: PartnershipState): Extract<PartnershipState, { status: 'registered' }> {
  if (state.status !== 'registered') throw new PartnershipNotFoundError('No such partnership.');
  return state;
}

export type PartnershipCommand =
  | { type: 'RegisterPartnership'; partnershipId: string; name: string; area: string; now: string }
  | { type: 'AddAgency'; agencyId: string; name: string; kind: AgencyKind; now: string }
  | { type: 'RenameAgency'; agencyId: string; name: string }
  | { type: 'DeactivateAgency'; agencyId: string; now: string }
  | { type: 'SetAgencyCaseReviewRole'; agencyId: string; caseReviewRole: CaseReviewRole; now: string }
  | { type: 'AddLocality'; localityId: string; name: string }
  | { type: 'AddWard'; wardId: string; localityId: string; name: string };

export function decide(command: PartnershipCommand, state: PartnershipState): PartnershipEvent[] {
  if (command.type === 'RegisterPartnership') {
    if (state.status !== 'none') throw new PartnershipAlreadyRegisteredError('This partnership is already registered.');
    return [
      {
        type: 'PartnershipRegistered',
        data: {
          partnershipId: command.partnershipId,
          name: command.name.trim(),
          area: command.area.trim(),
          registeredAt: command.now,
        },
      },
    ];
  }
  const p = registered(state);
  const partnershipId = p.partnershipId;
  switch (command.type) {
    case 'AddAgency':
      if (Object.values(p.agencies).some((a) => sameName(a.name, command.name)))
        throw new DuplicateNameError('An agency of that name is already in this partnership.');
      return [
        {
          type: 'AgencyAdded',
          data: {
            partnershipId,
            agencyId: command.agencyId,
            name: command.name.trim(),
            kind: command.kind,
            addedAt: command.now,
          },
        },
      ];
    case 'RenameAgency': {
      const agency = p.agencies[command.agencyId];
      if (!agency) throw new AgencyNotFoundError('No such agency in this partnership.');
      if (agency.name === command.name.trim()) return [];
      if (Object.entries(p.agencies).some(([id, a]) => id !== command.agencyId && sameName(a.name, command.name))) {
        throw new DuplicateNameError('An agency of that name is already in this partnership.');
      }
      return [
        { type: 'AgencyRenamed', data: { partnershipId, agencyId: command.agencyId, name: command.name.trim() } },
      ];
    }
    case 'DeactivateAgency': {
      const agency = p.agencies[command.agencyId];
      if (!agency) throw new AgencyNotFoundError('No such agency in this partnership.');
      if (!agency.active) return [];
      return [
        { type: 'AgencyDeactivated', data: { partnershipId, agencyId: command.agencyId, deactivatedAt: command.now } },
      ];
    }
    case 'SetAgencyCaseReviewRole': {
      const agency = p.agencies[command.agencyId];
      if (!agency) throw new AgencyNotFoundError('No such agency in this partnership.');
      const allowed = CASE_REVIEW_ROLES_BY_KIND[agency.kind];
      if (!allowed.includes(command.caseReviewRole))
        throw new CaseReviewRoleNotForKindError(
          `An agency of kind ${agency.kind} may have the case review role: ${allowed.join(', ')} (relevant bodies are the council and the police; an ICB is a health agency; a co-opted body is a social landlord).`,
        );
      if (agency.caseReviewRole === command.caseReviewRole) return [];
      return [
        {
          type: 'AgencyCaseReviewRoleSet',
          data: {
            partnershipId,
            agencyId: command.agencyId,
            caseReviewRole: command.caseReviewRole,
            setAt: command.now,
          },
        },
      ];
    }
    case 'AddLocality':
      if (Object.values(p.localities).some((l) => sameName(l.name, command.name)))
        throw new DuplicateNameError('A locality of that name is already in this partnership.');
      return [
        { type: 'LocalityAdded', data: { partnershipId, localityId: command.localityId, name: command.name.trim() } },
      ];
    case 'AddWard':
      if (!p.localities[command.localityId]) throw new LocalityNotFoundError('No such locality in this partnership.');
      if (Object.values(p.wards).some((w) => w.localityId === command.localityId && sameName(w.name, command.name))) {
        throw new DuplicateNameError('A ward of that name is already in this locality.');
      }
      return [
        {
          type: 'WardAdded',
          data: { partnershipId, wardId: command.wardId, localityId: command.localityId, name: command.name.trim() },
        },
      ];
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

/** For other deciders: is this agency an active member of the partnership? */
export function activeAgency(state: PartnershipState, agencyId: string): Agency {
  const p = registered(state);
  const agency = p.agencies[agencyId];
  if (!agency) throw new AgencyNotFoundError('No such agency in this partnership.');
  if (!agency.active) throw new AgencyInactiveError('That agency has been deactivated.');
  return agency;
}
