import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '@hubline/access';
import { AsbReportRecords } from '@hubline/asb-reports';
import { EnforcementRecords } from '@hubline/enforcement';
import { londonDay } from '@hubline/calendar';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { errorForLog } from '@hubline/errors';
import { EVENT_STORE, type EventMetadata, type EventStore, type JsonObject } from '@hubline/event-store';
import { LagCaseRecords } from '@hubline/lag';
import { PartnershipDirectory } from '@hubline/partnerships';
import { ForgetPerson, PeopleDirectory } from '@hubline/people';
import { retentionVerdict, type CaseEnd, type RetentionCandidate, type RetentionVerdict } from '../domain/eligibility';
import {
  RetentionError,
  retentionSweepStream,
  type RetentionPolicy,
  type RetentionSweepCompletedData,
} from '../domain/retention-policy';
import { RetentionPolicies } from './retention-policies';

/** Who the scheduled run acts as: no user, so PersonForgotten names the schedule itself. */
export const SCHEDULE_ACTOR_ID = 'system:retention-schedule';
const LOCK = 'hubline:retention-sweep';

export type SweptPerson = { personId: string; lastEndedOn: string; retainedUntil: string };
export interface SweepReport {
  /** Absent on a dry run, which records nothing. */
  sweepId?: string;
  dryRun: boolean;
  asOf: string;
  policyVersion: number;
  retentionYears: number;
  /** Forgotten (or, on a dry run, who would be). */
  forgotten: Array<SweptPerson & { alsoForgotten?: string[] }>;
  held: SweptPerson[];
  failed: string[];
}

export interface SweepRequest {
  partnershipId: string;
  asOf: string;
  dryRun: boolean;
  /** The administrator who asked, or null for the schedule. */
  actor: Actor | null;
  metadata: EventMetadata;
}

/**
 * A person (a survivor, with the records merged into it) and every LAG case, ASB report and
 * enforcement order naming any of them (a report counts as a case that ended the moment it was
 * recorded; an order as one open while it has effect, ended on its last day).
 */
type Group = {
  personId: string;
  forgotten: boolean;
  memberIds: string[];
  cases: CaseEnd[];
  reportIds: string[];
  orderIds: string[];
};

const candidateOf = (g: Group, policy: RetentionPolicy): RetentionCandidate => ({
  personId: g.personId,
  forgotten: g.forgotten,
  onHold: g.memberIds.some((id) => Boolean(policy.holds[id])),
  cases: g.cases,
});

/**
 * Applies the retention policy: finds the people whose LAG cases have all ended longer ago than
 * the policy keeps them, and forgets each through the people context's ForgetPerson (so every
 * erasure is a PersonForgotten with who, when and the legal ground), then records the run.
 * One sweep at a time across every instance, by a PostgreSQL advisory lock.
 */
@Injectable()
export class RetentionSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly policies: RetentionPolicies,
    private readonly cases: LagCaseRecords,
    private readonly reports: AsbReportRecords,
    private readonly orders: EnforcementRecords,
    private readonly people: PeopleDirectory,
    private readonly partnerships: PartnershipDirectory,
    @Inject(HUBLINE_CONFIG) private readonly config: HublineConfig,
  ) {}

  async sweep(request: SweepRequest): Promise<SweepReport> {
    if (request.dryRun) {
      const { groups: _groups, ...report } = await this.evaluate(
        request,
        await this.policies.load(request.partnershipId),
      );
      return report;
    }
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [LOCK]);
      if (!locked)
        throw new RetentionError(
          'RETENTION.SWEEP_IN_PROGRESS',
          'conflict',
          'A retention sweep is already running; try again when it has finished.',
        );
      try {
        return await this.run(request);
      } finally {
        await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [LOCK]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  /** Who the rule picks as of the day, from the read models (a dry run stops here). */
  private async evaluate(
    request: SweepRequest,
    policy: { state: RetentionPolicy; version: number },
  ): Promise<SweepReport & { groups: Map<string, Group> }> {
    const groups = await this.candidates(request.partnershipId, request.asOf);
    const verdicts = [...groups.values()].map((g) =>
      retentionVerdict(candidateOf(g, policy.state), policy.state.retentionYears, request.asOf),
    );
    const pick = (decision: 'forget' | 'held') =>
      verdicts
        .filter((v): v is Extract<RetentionVerdict, { decision: 'forget' | 'held' }> => v.decision === decision)
        .map(({ personId, lastEndedOn, retainedUntil }) => ({ personId, lastEndedOn, retainedUntil }));
    return {
      dryRun: request.dryRun,
      asOf: request.asOf,
      policyVersion: policy.version,
      retentionYears: policy.state.retentionYears,
      forgotten: pick('forget'),
      held: pick('held'),
      failed: [],
      groups,
    };
  }

  private async run(request: SweepRequest): Promise<SweepReport> {
    const { partnershipId, asOf } = request;
    const sweepId = randomUUID();
    const startedAt = new Date().toISOString();
    const policy = await this.policies.load(partnershipId);
    const planned = await this.evaluate(request, policy);
    const sweptBy = request.actor?.userId ?? SCHEDULE_ACTOR_ID;
    // ForgetPerson reads only the partnership and the user id of its actor.
    const actor: Actor = request.actor ?? {
      userId: SCHEDULE_ACTOR_ID,
      subject: SCHEDULE_ACTOR_ID,
      displayName: 'Retention schedule',
      partnershipId,
      agencyId: '',
      roles: [],
    };
    const metadata: EventMetadata = {
      ...request.metadata,
      correlationId: request.metadata.correlationId || sweepId,
      causationId: sweepId,
    };
    const report: SweepReport = {
      sweepId,
      dryRun: false,
      asOf,
      policyVersion: policy.version,
      retentionYears: policy.state.retentionYears,
      forgotten: [],
      held: [...planned.held],
      failed: [],
    };

    for (const person of planned.forgotten) {
      try {
        // The read models may lag: decide again from the events (the LAG's case streams, read by the
        // LAG context, and the policy's holds) just before the irreversible step.
        const verdict = await this.recheck(partnershipId, planned.groups.get(person.personId)!, asOf);
        if (verdict.decision === 'held') report.held.push(person);
        if (verdict.decision !== 'forget') continue;
        const reason = `Retention period of ${policy.state.retentionYears} years after the last LAG case ended (${verdict.lastEndedOn}) ran out; sweep ${sweepId} as of ${asOf}.`;
        const { alsoForgotten } = await this.commands.execute(
          new ForgetPerson(
            actor,
            person.personId,
            'retention_period_expired',
            reason,
            metadata,
            new Date().toISOString(),
          ),
        );
        report.forgotten.push({ ...person, ...(alsoForgotten.length ? { alsoForgotten } : {}) });
      } catch (error) {
        this.logger.warn(
          { sweepId, personId: person.personId, error: errorForLog(error) },
          'retention sweep could not forget a person; the next sweep tries again',
        );
        report.failed.push(person.personId);
      }
    }

    const data: RetentionSweepCompletedData = {
      sweepId,
      partnershipId,
      asOf,
      policyVersion: policy.version,
      retentionYears: policy.state.retentionYears,
      forgottenPersonIds: report.forgotten.map((p) => p.personId),
      heldPersonIds: report.held.map((p) => p.personId),
      failedPersonIds: report.failed,
      sweptBy,
      startedAt,
      completedAt: new Date().toISOString(),
    };
    await this.store.append(
      retentionSweepStream(sweepId),
      [{ id: sweepId, type: 'RetentionSweepCompleted', data: data as unknown as JsonObject, metadata }],
      'no_stream',
    );
    return report;
  }

  /** The verdict for one person from the events: their cases' streams and the policy stream's holds. */
  private async recheck(partnershipId: string, group: Group, asOf: string): Promise<RetentionVerdict> {
    const policy = await this.policies.load(partnershipId);
    const lagIds = group.cases
      .map((c) => c.caseId)
      .filter((id) => !group.reportIds.includes(id) && !group.orderIds.includes(id));
    const recorded = await this.reports.recordedAtFromEvents(group.reportIds);
    const cases = [
      ...(await this.cases.endsFromEvents(lagIds)),
      ...group.reportIds.map((caseId, i) => ({ caseId, open: false, endedAt: recorded[i] ?? null })),
      ...(await this.orders.endsFromEvents(group.orderIds, asOf)),
    ];
    return retentionVerdict(candidateOf({ ...group, cases }, policy.state), policy.state.retentionYears, asOf);
  }

  /**
   * Everyone named in a LAG case of the partnership, as victim or perpetrator, in an ASB report
   * (as victim, reporter or alleged perpetrator) or served with an enforcement order (as it stands
   * on `asOf`), grouped by survivor:
   * records merged into another are the same human being, and ForgetPerson forgets them with their
   * survivor, so their cases and holds count for the survivor.
   */
  private async candidates(partnershipId: string, asOf: string): Promise<Map<string, Group>> {
    const groups = new Map<string, Group>();
    const reports = await this.reports.namings(partnershipId);
    const reportIds = new Set(reports.map((r) => r.reportId));
    const orders = await this.orders.namings(partnershipId, asOf);
    const orderIds = new Set(orders.map((o) => o.orderId));
    const namings = [
      ...(await this.cases.namings(partnershipId)),
      ...reports.map((r) => ({ personId: r.personId, caseId: r.reportId, open: false, endedAt: r.recordedAt })),
      ...orders.map((o) => ({ personId: o.personId, caseId: o.orderId, open: o.open, endedAt: o.endedAt })),
    ];
    if (namings.length === 0) return groups;
    const people = await this.people.mergeChains(
      partnershipId,
      namings.map((n) => n.personId),
    );
    const byId = new Map(people.map((p) => [p.personId, p]));
    const rootOf = (id: string): string => {
      const seen = new Set<string>();
      let current = id;
      while (byId.get(current)?.mergedInto && !seen.has(current)) {
        seen.add(current);
        current = byId.get(current)!.mergedInto!;
      }
      return current;
    };
    for (const { personId, ...kase } of namings) {
      if (!byId.has(personId)) continue; // not yet in the people read model: the next sweep sees them
      const root = rootOf(personId);
      const group = groups.get(root) ?? {
        personId: root,
        forgotten: byId.get(root)?.status === 'erased',
        memberIds: [root],
        cases: [],
        reportIds: [],
        orderIds: [],
      };
      if (!group.memberIds.includes(personId)) group.memberIds.push(personId);
      if (!group.cases.some((c) => c.caseId === kase.caseId)) group.cases.push(kase);
      if (reportIds.has(kase.caseId) && !group.reportIds.includes(kase.caseId)) group.reportIds.push(kase.caseId);
      if (orderIds.has(kase.caseId) && !group.orderIds.includes(kase.caseId)) group.orderIds.push(kase.caseId);
      groups.set(root, group);
    }
    return groups;
  }

  /** One scheduled run over every partnership; failures are logged, and the next run tries again. */
  async tick(): Promise<void> {
    const asOf = londonDay(new Date());
    for (const { partnershipId } of await this.partnerships.list()) {
      try {
        const report = await this.sweep({ partnershipId, asOf, dryRun: false, actor: null, metadata: {} });
        this.logger.log(
          {
            partnershipId,
            sweepId: report.sweepId,
            forgotten: report.forgotten.length,
            held: report.held.length,
            failed: report.failed.length,
          },
          'retention sweep completed',
        );
      } catch (error) {
        this.logger.warn(
          { partnershipId, error: errorForLog(error) },
          'scheduled retention sweep failed; the next run tries again',
        );
      }
    }
  }

  onApplicationBootstrap(): void {
    const hours = this.config.retention.sweepIntervalHours;
    if (hours === 0) return;
    this.timer = setInterval(() => {
      if (this.running) return; // a long run is not doubled up
      const run = this.tick().finally(() => (this.running = null));
      this.running = run;
    }, hours * 3_600_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // Let a sweep in progress finish before the store and the database close.
    await this.running?.catch(() => undefined);
  }
}
