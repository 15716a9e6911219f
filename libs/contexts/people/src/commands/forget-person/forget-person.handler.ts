import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Actor } from '@hubline/access';
import {
  EVENT_STORE,
  handleCommand,
  loadState,
  type DomainEvent,
  type EventMetadata,
  type EventStore,
} from '@hubline/event-store';
import { PersonalDataVault } from '@hubline/privacy';
import {
  decide,
  evolve,
  initialState,
  PersonForgottenError,
  personStream,
  type CaseRef,
  type PersonCommand,
  type PersonEvent,
  type PersonState,
} from '../../domain/person';
import type { LegalGround } from '../../domain/legal-grounds';
import { evolveLegalHolds, legalHoldsStream, noLegalHolds, type LegalHolds } from '../../domain/legal-holds';

export interface ForgetPersonResult {
  version: number;
  /** Records merged into this person, forgotten with it. */
  alsoForgotten: string[];
}

export class ForgetPerson extends Command<ForgetPersonResult> {
  constructor(
    readonly actor: Actor,
    readonly personId: string,
    readonly legalGround: LegalGround,
    readonly reason: string,
    readonly metadata: EventMetadata,
    readonly now: string,
    /** Forget a party to open cases anyway: every one (true) or these case ids. */
    readonly confirmOpenCases: boolean | string[] = false,
  ) {
    super();
  }
}

const fold = { initialState, evolve };

/**
 * Forgets a person by crypto-shredding: their data key is destroyed, so every copy of their data
 * (events, read models, backups) stops opening at once, and PersonForgotten records who, when, why
 * and on which legal ground. Records merged into the person are the same human being and are
 * forgotten too, before the person, so retrying after a failure finishes the job.
 */
@CommandHandler(ForgetPerson)
export class ForgetPersonHandler implements ICommandHandler<ForgetPerson, ForgetPersonResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly db: DataSource,
  ) {}

  async execute(c: ForgetPerson): Promise<ForgetPersonResult> {
    const partnershipId = c.actor.partnershipId;
    const merged = await this.mergedInto(partnershipId, c.personId);
    const record = [c.personId, ...merged];
    // The holds are folded from the retention context's own stream now, not from a read model, so
    // a hold placed a moment ago stops this; a hold on a merged record holds the person too.
    const { state: holds } = await loadState<LegalHolds, DomainEvent>(this.store, legalHoldsStream(partnershipId), {
      initialState: noLegalHolds,
      evolve: evolveLegalHolds,
    });
    const command: PersonCommand = {
      type: 'Forget',
      partnershipId,
      forgottenBy: c.actor.userId,
      legalGround: c.legalGround,
      reason: c.reason,
      now: c.now,
      legalHold: record.map((id) => holds[id]).find((hold) => hold !== undefined) ?? null,
      openCases: await this.openCases(partnershipId, record),
      confirmOpenCases: c.confirmOpenCases,
    };
    // Refuse (unknown person, already forgotten, bad ground, on hold, open cases not confirmed)
    // before anything irreversible happens.
    decide(command, (await loadState<PersonState, PersonEvent>(this.store, personStream(c.personId), fold)).state);
    const alsoForgotten: string[] = [];
    for (const mergedId of merged) {
      if (await this.forget(mergedId, command, c.metadata)) alsoForgotten.push(mergedId);
    }
    const version = await this.forget(c.personId, command, c.metadata);
    if (version === null) throw new PersonForgottenError(); // another request forgot them meanwhile
    return { version, alsoForgotten };
  }

  /**
   * The key is destroyed first, then PersonForgotten is appended. A crash in between leaves a
   * destroyed key and no record yet: the data already reads as erased everywhere, and retrying
   * the request appends the record (destroying a destroyed key changes nothing). The other order
   * could leave the log saying the person was forgotten while their key still opens every copy of
   * their data, which must never happen. Returns null when the record was already forgotten.
   */
  private async forget(personId: string, command: PersonCommand, metadata: EventMetadata): Promise<number | null> {
    const stream = personStream(personId);
    const { state } = await loadState<PersonState, PersonEvent>(this.store, stream, fold);
    if (state.status === 'erased') return null;
    decide(command, state);
    await this.vault.forget(personId);
    const outcome = await handleCommand<PersonState, PersonEvent>(
      this.store,
      stream,
      fold,
      (s) => (s.status === 'erased' ? [] : decide(command, s)),
      { metadata },
    );
    return outcome.events.length ? outcome.version : null;
  }

  /**
   * The open cases naming the person or a record merged into them, by type and id only, from the
   * access read model of case involvement (fed by every case context's CaseInvolvementChanged).
   */
  private async openCases(partnershipId: string, personIds: string[]): Promise<CaseRef[]> {
    const rows: Array<{ case_type: string | null; case_id: string }> = await this.db.query(
      `SELECT DISTINCT case_type, case_id FROM access.person_agencies
        WHERE partnership_id = $1 AND person_id = ANY($2::uuid[]) AND source = 'case' AND open
        ORDER BY case_type, case_id`,
      [partnershipId, personIds],
    );
    return rows.map((r) => ({ type: r.case_type ?? 'case', id: r.case_id }));
  }

  /** Every record merged into the person, directly or through another merged record. */
  private async mergedInto(partnershipId: string, personId: string): Promise<string[]> {
    const rows: Array<{ person_id: string }> = await this.db.query(
      `WITH RECURSIVE merged AS (
         SELECT person_id FROM people.people WHERE partnership_id = $1 AND merged_into = $2
         UNION SELECT p.person_id FROM people.people p JOIN merged m ON p.merged_into = m.person_id WHERE p.partnership_id = $1
       ) SELECT person_id FROM merged`,
      [partnershipId, personId],
    );
    return rows.map((r) => r.person_id);
  }
}
