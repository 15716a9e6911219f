import { Inject, Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore, type NewEvent } from '@hubline/event-store';
import { stopIfClientGone } from '@hubline/http';
import type { DataCategory } from '../policy/data-categories';
import type { Actor } from '../roles';
import type { Purpose } from './purpose';

/** What kind of read it was, e.g. `person_profile`, `person_search`, `victim_timeline`. */
export type ConsultedView = string;
/** A person shown locked: that they exist, and which agencies are involved; no personal data. */
export const LOCKED_VIEW = 'locked_view';
/** A person a search matched but withheld from the caller (0019): nothing about them was shown. */
export const LOCKED_SEARCH_RESULT = 'locked_search_result';

export const consultationStream = (id: string) => `consultation-${id}`;

type Held = { streamId: string; event: NewEvent };

/**
 * Consultations held to be appended together, in one round trip (`store`): those of one read
 * (`inOneAppend`), or of one web page, which may make several reads. What the reads found must
 * not be shown before `store` resolves (for a page, the web service's response hook awaits it):
 * nothing is shown unrecorded.
 */
export class HeldConsultations {
  private readonly waiting: Held[] = [];
  private stored: Promise<void> = Promise.resolve();
  /** A page's reads kept for its later reads (`ConsultationLog.readOnce`); absent: nothing is kept. */
  readonly reads?: Map<string, Promise<unknown>>;

  constructor(
    private readonly append: (held: Held[]) => Promise<void>,
    options: { keepReads?: boolean } = {},
  ) {
    if (options.keepReads) this.reads = new Map();
  }

  hold(entry: Held): void {
    this.waiting.push(entry);
  }

  /**
   * Appends every consultation held so far; resolves when all of them, earlier ones included, are
   * stored. A failure is given to the callers waiting at the time, who must then not send what the
   * reads found (an error page instead); later calls start afresh.
   */
  store(): Promise<void> {
    if (this.waiting.length > 0) {
      const all = Promise.all([this.stored, this.append(this.waiting.splice(0))]).then(() => undefined);
      this.stored = all;
      all.catch(() => {
        if (this.stored === all) this.stored = Promise.resolve();
      });
    }
    return this.stored;
  }
}

/**
 * The consultation log (DPA 2018 s.62): every read of personal data is recorded as an event
 * (tamper-evident like every event) before the data is returned, with who, for which agency,
 * when, what was viewed (which people, and which data categories of each) and why. Locked views
 * and withheld search results are recorded too, with no categories, so the auditor sees who looked
 * for whom. It holds ids and codes, never the data itself.
 * A read whose client has gone is stopped instead (ClientGoneError): nobody will see the data, so
 * nobody consulted it.
 */
@Injectable()
export class ConsultationLog {
  /**
   * Where the consultations of the read in progress go: those of a read in `inOneAppend`, appended
   * when it ends; or those of a web page (`withinPage`), appended before the page is sent.
   */
  private readonly held = new AsyncLocalStorage<HeldConsultations>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /**
   * Runs a read that records several consultations (the people shown, those shown locked, a case's
   * narrative subjects) and appends them all at its end, in one round trip: the store sends appends
   * made together as one batch. What `work` returns must be returned only through this method,
   * which resolves once every consultation is stored: nothing is shown unrecorded. If `work` fails,
   * nothing was shown and nothing is recorded. Within a web page (`withinPage`) the consultations
   * join the page's instead, which the page stores before it is sent.
   */
  async inOneAppend<T>(work: () => Promise<T>): Promise<T> {
    if (this.held.getStore()) return await work();
    const held = new HeldConsultations(async (entries) => {
      stopIfClientGone();
      await this.appendAll(entries);
    });
    const result = await this.held.run(held, work);
    await held.store();
    return result;
  }

  /**
   * A web page's consultations, held until the page stores them: see `HeldConsultations`. With
   * `keepReads` (a page that only reads: a GET), what decides what the page shows of a person is
   * read once for the whole page (`readOnce`): its record and its timeline, two reads through the
   * API, show the person as one state and cost one statement for it.
   */
  forPage(options: { keepReads?: boolean } = {}): HeldConsultations {
    return new HeldConsultations((entries) => this.appendAll(entries), options);
  }

  /**
   * `read()`, or, within a page that keeps its reads, what the same read (`key`) gave earlier in
   * the page. A read that failed is not kept. Outside a page, and in a page that writes, every
   * read is made.
   */
  readOnce<T>(key: string, read: () => Promise<T>): Promise<T> {
    const reads = this.held.getStore()?.reads;
    if (!reads) return read();
    const kept = reads.get(key) as Promise<T> | undefined;
    if (kept) return kept;
    const made = read();
    reads.set(key, made);
    made.catch(() => {
      if (reads.get(key) === made) reads.delete(key);
    });
    return made;
  }

  /** What `readOnce` made earlier in this page under `key`, if anything. */
  keptRead<T>(key: string): Promise<T> | undefined {
    return this.held.getStore()?.reads?.get(key) as Promise<T> | undefined;
  }

  /** Forgets the page's kept reads: after a write, the page's next reads are made again. */
  forgetReads(): void {
    this.held.getStore()?.reads?.clear();
  }

  /** Runs a web page's handler so that the consultations of every read it makes are held in `held`. */
  withinPage<T>(held: HeldConsultations, work: () => T): T {
    return this.held.run(held, work);
  }

  private async appendAll(entries: Held[]): Promise<void> {
    // Appends made together go to the store as one batch: one round trip, one commit.
    await Promise.all(entries.map(({ streamId, event }) => this.store.append(streamId, [event], 'no_stream')));
  }

  async record(
    actor: Actor,
    entry: {
      personIds: string[];
      view: ConsultedView;
      purpose: Purpose;
      correlationId?: string;
      /** The categories shown of each person; a person left out showed none. */
      categories?: ReadonlyMap<string, readonly DataCategory[]>;
    },
  ): Promise<void> {
    const personIds = [...new Set(entry.personIds)];
    if (personIds.length === 0) return;
    stopIfClientGone();
    const categoriesShown = entry.categories
      ? Object.fromEntries(personIds.map((p) => [p, [...(entry.categories!.get(p) ?? [])]]))
      : undefined;
    const id = randomUUID();
    const event: NewEvent = {
      id,
      type: 'PersonalDataConsulted',
      data: {
        consultationId: id,
        partnershipId: actor.partnershipId,
        userId: actor.userId,
        agencyId: actor.agencyId,
        personIds,
        view: entry.view,
        purpose: entry.purpose,
        ...(categoriesShown ? { categoriesShown } : {}),
        consultedAt: new Date().toISOString(),
      },
      metadata: {
        userId: actor.userId,
        agencyId: actor.agencyId,
        ...(entry.correlationId ? { correlationId: entry.correlationId } : {}),
      },
    };
    const held = this.held.getStore();
    if (held) held.hold({ streamId: consultationStream(id), event });
    else await this.store.append(consultationStream(id), [event], 'no_stream');
  }
}
