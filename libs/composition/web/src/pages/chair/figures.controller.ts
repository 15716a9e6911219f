import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HubApi } from '../../hub-api';
import type { WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { barChart, stackedColumns } from './charts';
import { CHAIR, caseReference, partnershipOf, read, render } from './chair-support';
import { ACTION_KINDS } from './run-meeting.controller';

interface OverdueAction {
  actionId: string;
  referralId: string;
  owningAgencyId: string;
  kind: string;
  status: string;
  dueDate: string;
}

interface CasesByBand {
  asOf: string;
  months: Array<{ month: string; bands: Record<string, number>; total: number }>;
}

/** The bands as the charts show them, lowest at the bottom, in GOV.UK's colours. */
const BANDS = [
  { key: 'standard', label: 'Standard', colour: '#505a5f' },
  { key: 'medium', label: 'Medium', colour: '#1d70b8' },
  { key: 'high', label: 'High', colour: '#f47738' },
  { key: 'very_high', label: 'Very high', colour: '#d4351c' },
];

const monthName = (month: string, style: 'short' | 'long') =>
  new Intl.DateTimeFormat('en-GB', { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T00:00:00Z`),
  );

/**
 * A locality's overdue actions across every agency, with the chart of overdue actions by agency;
 * and the chart of the cases managed each month by risk band. Codes and counts only.
 */
@PagesController()
@PageRoles(...CHAIR)
export class ChairFiguresPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('overdue-actions')
  @Page()
  async overdue(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const partnership = await partnershipOf(this.api, request);
    const locality = this.localityOf(request, partnership.localities);
    const { body } = await read<OverdueAction[]>(this.api, request, '/lag/actions', {
      agencyId: 'all',
      state: 'overdue',
      ...(locality ? { localityId: locality.localityId } : {}),
    });
    const actions = body.map((a) => ({
      ...a,
      agency: partnership.name(a.owningAgencyId),
      kindText: ACTION_KINDS[a.kind] ?? a.kind,
      reference: caseReference(a.referralId),
    }));
    const byAgency = [...new Set(actions.map((a) => a.agency))]
      .map((agency) => ({ label: agency, value: actions.filter((a) => a.agency === agency).length }))
      .sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
    await render(this.pages, request, reply, 'chair/overdue-actions.njk', {
      localities: partnership.localities,
      locality,
      actions,
      byAgency,
      chart: barChart(byAgency),
    });
  }

  @Get('lag-figures')
  @Page()
  async figures(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const partnership = await partnershipOf(this.api, request);
    const locality = this.localityOf(request, partnership.localities);
    const { body } = await read<CasesByBand>(this.api, request, '/lag/figures/cases-by-band', {
      months: '12',
      ...(locality ? { localityId: locality.localityId } : {}),
    });
    const months = body.months.map((m) => ({
      ...m,
      short: monthName(m.month, 'short'),
      long: monthName(m.month, 'long'),
    }));
    await render(this.pages, request, reply, 'chair/figures.njk', {
      localities: partnership.localities,
      locality,
      asOf: body.asOf,
      months,
      bands: BANDS,
      chart: stackedColumns(
        months.map((m) => ({ label: m.short.split(' ')[0], values: m.bands })),
        BANDS,
      ),
    });
  }

  private localityOf<T extends { localityId: string }>(request: WebRequest, localities: T[]): T | undefined {
    const asked = ((request.query ?? {}) as Record<string, string>).localityId;
    return localities.find((l) => l.localityId === asked);
  }
}
