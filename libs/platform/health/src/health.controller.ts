import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@hubline/access';
import { EVENT_STORE, type EventStore } from '@hubline/event-store';
import { LoadGate } from '@hubline/http';
import { ProjectionsService } from '@hubline/projections';

/** Liveness and readiness for orchestrators and load balancers; no authentication, no personal data. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly adapter: HttpAdapterHost,
    @Optional() private readonly projections?: ProjectionsService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process is up. Roles: none (public).' })
  @ApiOkResponse({ description: 'The process answers.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the read database and the event store answer. Roles: none (public).' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down.' })
  ready() {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      async () => {
        const check = this.indicators.check('eventStore');
        try {
          await this.store.streamRevision('hubline-health-probe');
          return check.up();
        } catch {
          return check.down({ message: 'event store does not answer' });
        }
      },
      async () => {
        // Projections report but do not gate readiness: writes stay available while a read model catches up.
        const statuses = this.projections?.statuses() ?? [];
        // Rebuilds into new tables (decision 0031), whichever process runs them; none when the table cannot be read.
        const rebuilds = ((await this.projections?.rebuilds().catch(() => [])) ?? []).filter((r) => r.state !== 'done');
        return this.indicators.check('projections').up({
          failing: statuses.filter((s) => s.state === 'failing').map((s) => s.name),
          runners: statuses.map(({ name, kind, state, eventsApplied, reading }) => ({
            name,
            kind,
            state,
            eventsApplied,
            ...(reading ? { reading } : {}),
          })),
          rebuilds: rebuilds.map(({ name, state, done, total, rate, secondsLeft, error }) => ({
            name,
            state,
            done,
            total,
            eventsPerSecond: rate,
            secondsLeft,
            ...(error ? { error } : {}),
          })),
        });
      },
      // The load gate reports, never gates: a busy process is ready (decision 0021).
      () => {
        const gate = LoadGate.of(this.adapter.httpAdapter?.getHttpServer());
        return this.indicators.check('load').up(gate ? { ...gate.status() } : {});
      },
    ]);
  }
}
