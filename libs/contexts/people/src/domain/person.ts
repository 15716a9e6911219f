import { DomainError } from '@hubline/errors';
import { isLegalGround, type LegalGround } from './legal-grounds';

/** A person known to the partnership, registered once and shared by every context. */
export const personStream = (personId: string) => `person-${personId}`;

/**
 * Personal data sealed with the person's own key (AES-256-GCM, see @hubline/privacy). The decider
 * never looks inside: personal data reaches events only in this form.
 */
export type SealedJson = { v: 1; iv: string; ct: string; tag: string };

// ---- events (stored contracts; the access context reads the ids and agency ids in clear) ----
export type PersonEvent =
  | {
      type: 'PersonRegistered';
      data: {
        personId: string;
        partnershipId: string;
        registeredByAgencyId: string;
        registeredAt: string;
        personal: SealedJson;
      };
    }
  /** Full replacement of the sealed personal details. */
  | {
      type: 'PersonDetailsChanged';
      data: { personId: string; partnershipId: string; personal: SealedJson; changedAt: string };
    }
  /** An agency's own reference number for the person (sealed: it identifies the person). */
  | {
      type: 'PersonAgencyReferenceAdded';
      data: { personId: string; partnershipId: string; agencyId: string; reference: SealedJson };
    }
  /** Appended to the duplicate's stream; the survivor keeps its own data. */
  | {
      type: 'PeopleMerged';
      data: { partnershipId: string; survivorId: string; mergedId: string; mergedAt: string; reason: string };
    }
  | {
      type: 'PersonForgotten';
      data: {
        personId: string;
        partnershipId: string;
        forgottenAt: string;
        forgottenBy: string;
        legalGround: LegalGround;
        reason: string;
        /** The open cases naming the person that the caller confirmed forgetting them from (absent: none). */
        openCases?: CaseRef[];
      };
    };

export const PERSON_EVENT_TYPES = [
  'PersonRegistered',
  'PersonDetailsChanged',
  'PersonAgencyReferenceAdded',
  'PeopleMerged',
  'PersonForgotten',
] as const;

// ---- state ----
type Known = { personId: string; partnershipId: string; referencedBy: string[] };
export type PersonState =
  | { status: 'none' }
  | ({ status: 'active' } & Known)
  | ({ status: 'merged'; mergedInto: string } & Known)
  | { status: 'erased'; personId: string; partnershipId: string; forgottenAt: string };
export type ActivePerson = Extract<PersonState, { status: 'active' }>;

export const initialState: PersonState = { status: 'none' };

export function evolve(state: PersonState, event: PersonEvent): PersonState {
  switch (event.type) {
    case 'PersonRegistered':
      return {
        status: 'active',
        personId: event.data.personId,
        partnershipId: event.data.partnershipId,
        referencedBy: [],
      };
    case 'PersonDetailsChanged':
      return state;
    case 'PersonAgencyReferenceAdded':
      if (state.status !== 'active' && state.status !== 'merged') return state;
      return { ...state, referencedBy: [...state.referencedBy, event.data.agencyId] };
    case 'PeopleMerged':
      return state.status === 'active' ? { ...state, status: 'merged', mergedInto: event.data.survivorId } : state;
    case 'PersonForgotten':
      return {
        status: 'erased',
        personId: event.data.personId,
        partnershipId: event.data.partnershipId,
        forgottenAt: event.data.forgottenAt,
      };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

// ---- errors ----
export class PersonNotFoundError extends DomainError {
  readonly code = 'PERSON.NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such person in your partnership.');
  }
}
export class PersonAlreadyRegisteredError extends DomainError {
  readonly code = 'PERSON.ALREADY_REGISTERED';
  readonly kind = 'conflict';
}
export class PersonMergedError extends DomainError {
  readonly code = 'PERSON.MERGED';
  readonly kind = 'conflict';
  constructor(mergedInto: string) {
    super('This record was merged into another one; change that one instead.', { mergedInto });
  }
}
export class PersonForgottenError extends DomainError {
  readonly code = 'PERSON.FORGOTTEN';
  readonly kind = 'conflict';
  constructor() {
    super('This person has been forgotten: their personal data was erased.');
  }
}
export class AgencyReferenceExistsError extends DomainError {
  readonly code = 'PERSON.AGENCY_REFERENCE_EXISTS';
  readonly kind = 'conflict';
}
export class CannotMergeWithItselfError extends DomainError {
  readonly code = 'PERSON.CANNOT_MERGE_WITH_ITSELF';
  readonly kind = 'unprocessable';
}
export class SurvivorNotActiveError extends DomainError {
  readonly code = 'PERSON.SURVIVOR_NOT_ACTIVE';
  readonly kind = 'conflict';
}
export class ReasonRequiredError extends DomainError {
  readonly code = 'PERSON.REASON_REQUIRED';
  readonly kind = 'unprocessable';
}
/**
 * A legal hold (placed in the retention context) preserves the record: nobody may forget the
 * person, by hand or by a sweep, until it is released. Its reason carries no personal data.
 */
export class PersonOnLegalHoldError extends DomainError {
  readonly code = 'PERSON.ON_LEGAL_HOLD';
  readonly kind = 'conflict';
  constructor(hold: LegalHoldFact) {
    super(
      `This person is on legal hold (${hold.reason}), placed by ${hold.placedBy}: release the hold before forgetting them.`,
      { hold: { reason: hold.reason, placedBy: hold.placedBy, placedAt: hold.placedAt } },
    );
  }
}
/** Forgetting a party to an open case ends what the partners can do for them: it is confirmed, case by case. */
export class OpenCasesNotConfirmedError extends DomainError {
  readonly code = 'PERSON.OPEN_CASES_NOT_CONFIRMED';
  readonly kind = 'conflict';
  constructor(openCases: CaseRef[]) {
    super(
      'This person is a party to open cases: confirm forgetting them anyway with confirmOpenCases (true, or the ids of these cases).',
      { openCases },
    );
  }
}
export class UnknownLegalGroundError extends DomainError {
  readonly code = 'PERSON.UNKNOWN_LEGAL_GROUND';
  readonly kind = 'invalid';
}

// ---- decisions ----
export type PersonCommand =
  | {
      type: 'RegisterPerson';
      personId: string;
      partnershipId: string;
      agencyId: string;
      personal: SealedJson;
      agencyReference?: SealedJson;
      now: string;
    }
  | { type: 'ChangeDetails'; partnershipId: string; personal: SealedJson; now: string }
  | { type: 'AddAgencyReference'; partnershipId: string; agencyId: string; reference: SealedJson }
  /** Merge this record (the duplicate) into `survivor`, whose current state the handler loaded. */
  | { type: 'MergeInto'; partnershipId: string; survivor: PersonState; reason: string; now: string }
  | {
      type: 'Forget';
      partnershipId: string;
      forgottenBy: string;
      legalGround: string;
      reason: string;
      now: string;
      /** The legal hold on the person, read from the retention context's stream just before deciding. */
      legalHold: LegalHoldFact | null;
      /** The open cases naming the person. */
      openCases: CaseRef[];
      /** The caller's confirmation: every open case (true) or these case ids. */
      confirmOpenCases: boolean | string[];
    };

/** A legal hold as the retention context published it (LegalHoldPlaced). */
export type LegalHoldFact = { reason: string; placedBy: string; placedAt: string };
/** A case by its type and id only: never who else it names. */
export type CaseRef = { type: string; id: string };

function unconfirmedCases(openCases: CaseRef[], confirmed: boolean | string[]): CaseRef[] {
  if (confirmed === true) return [];
  const ids = new Set(confirmed === false ? [] : confirmed);
  return openCases.filter((c) => !ids.has(c.id));
}

/** A person of another partnership is, to this caller, no person at all. */
export function knownPerson(state: PersonState, partnershipId: string): Exclude<PersonState, { status: 'none' }> {
  if (state.status === 'none' || state.partnershipId !== partnershipId) throw new PersonNotFoundError();
  return state;
}

/** The record can still change: it exists here, was not merged away and not forgotten. */
export function activePerson(state: PersonState, partnershipId: string): ActivePerson {
  const person = knownPerson(state, partnershipId);
  switch (person.status) {
    case 'active':
      return person;
    case 'merged':
      throw new PersonMergedError(person.mergedInto);
    case 'erased':
      throw new PersonForgottenError();
    default: {
      const unexpected: never = person;
      return unexpected;
    }
  }
}

function reasonOf(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw new ReasonRequiredError('Give a reason: it is kept with the change for auditors.');
  return trimmed;
}

export function decide(command: PersonCommand, state: PersonState): PersonEvent[] {
  switch (command.type) {
    case 'RegisterPerson': {
      if (state.status !== 'none') throw new PersonAlreadyRegisteredError('This person is already registered.');
      const { personId, partnershipId, agencyId } = command;
      const events: PersonEvent[] = [
        {
          type: 'PersonRegistered',
          data: {
            personId,
            partnershipId,
            registeredByAgencyId: agencyId,
            registeredAt: command.now,
            personal: command.personal,
          },
        },
      ];
      if (command.agencyReference)
        events.push({
          type: 'PersonAgencyReferenceAdded',
          data: { personId, partnershipId, agencyId, reference: command.agencyReference },
        });
      return events;
    }
    case 'ChangeDetails': {
      const person = activePerson(state, command.partnershipId);
      return [
        {
          type: 'PersonDetailsChanged',
          data: {
            personId: person.personId,
            partnershipId: person.partnershipId,
            personal: command.personal,
            changedAt: command.now,
          },
        },
      ];
    }
    case 'AddAgencyReference': {
      const person = activePerson(state, command.partnershipId);
      // One reference per agency: it is the agency's identifier for the person, not a case number.
      if (person.referencedBy.includes(command.agencyId))
        throw new AgencyReferenceExistsError('Your agency already holds a reference for this person.');
      return [
        {
          type: 'PersonAgencyReferenceAdded',
          data: {
            personId: person.personId,
            partnershipId: person.partnershipId,
            agencyId: command.agencyId,
            reference: command.reference,
          },
        },
      ];
    }
    case 'MergeInto': {
      const duplicate = activePerson(state, command.partnershipId);
      const survivor = knownPerson(command.survivor, command.partnershipId);
      if (survivor.personId === duplicate.personId)
        throw new CannotMergeWithItselfError('A record cannot be merged into itself.');
      if (survivor.status !== 'active')
        throw new SurvivorNotActiveError('The record to keep has itself been merged or forgotten.');
      return [
        {
          type: 'PeopleMerged',
          data: {
            partnershipId: duplicate.partnershipId,
            survivorId: survivor.personId,
            mergedId: duplicate.personId,
            mergedAt: command.now,
            reason: reasonOf(command.reason),
          },
        },
      ];
    }
    case 'Forget': {
      const person = knownPerson(state, command.partnershipId);
      // A merged duplicate still holds the person's data, so it can (and must be able to) be forgotten.
      if (person.status === 'erased') throw new PersonForgottenError();
      if (!isLegalGround(command.legalGround)) throw new UnknownLegalGroundError('Unknown legal ground for erasure.');
      if (command.legalHold) throw new PersonOnLegalHoldError(command.legalHold);
      if (unconfirmedCases(command.openCases, command.confirmOpenCases).length)
        throw new OpenCasesNotConfirmedError(command.openCases);
      return [
        {
          type: 'PersonForgotten',
          data: {
            personId: person.personId,
            partnershipId: person.partnershipId,
            forgottenAt: command.now,
            forgottenBy: command.forgottenBy,
            legalGround: command.legalGround,
            reason: reasonOf(command.reason),
            ...(command.openCases.length ? { openCases: command.openCases } : {}),
          },
        },
      ];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}
