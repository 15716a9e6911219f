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
] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

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
  | { type: 'LocalityAdded'; data: { partnershipId: string; localityId: string; name: string } }
  | { type: 'WardAdded'; data: { partnershipId: string; wardId: string; localityId: string; name: string } };

// ---- state ----
export interface Agency {
  name: string;
  kind: AgencyKind;
  active: boolean;
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
          [event.data.agencyId]: { name: event.data.name, kind: event.data.kind, active: true },
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
