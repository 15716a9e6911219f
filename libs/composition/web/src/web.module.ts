import { Inject, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { HUBLINE_CONFIG, type HublineConfig } from '@hubline/config';
import { HubApi, LocalApiCredentials } from './hub-api';
import { OpenIdSignIn } from './openid-sign-in';
import { ActionsPages } from './pages/actions.controller';
import { CaseReviewApplicationPages } from './pages/case-reviews/application.controller';
import { CaseReviewPages } from './pages/case-reviews/case-reviews.controller';
import { ChairFiguresPages } from './pages/chair/figures.controller';
import { ChairMeetingPages } from './pages/chair/meetings.controller';
import { ChairReferralPages } from './pages/chair/referrals.controller';
import { RunMeetingPages } from './pages/chair/run-meeting.controller';
import { AfterWrite } from './after-write';
import { AgreementsPages } from './pages/admin/agreements.controller';
import { PartnershipPages } from './pages/admin/partnership.controller';
import { RetentionPages } from './pages/admin/retention.controller';
import { UsersPages } from './pages/admin/users.controller';
import { ApiText } from './pages/audit/api-text';
import { AuditPages } from './pages/audit/audit.controller';
import { FormTokenGuard, SignedInGuard } from './pages/guards';
import { HomeController } from './pages/home.controller';
import { PageErrorsFilter } from './pages/page-errors.filter';
import { PageConsultations, storeConsultationsBeforeSending } from './pages/page-consultations';
import { PageRenderer } from './pages/page-renderer';
import { MeetingDocumentsPages } from './pages/meeting-documents/meeting-documents.controller';
import { PeoplePages } from './pages/people.controller';
import { AsbReportPages } from './pages/practitioner/asb-report.controller';
import { ReferralPages } from './pages/practitioner/referral.controller';
import { SignInController } from './pages/sign-in.controller';
import { readFormsOnWebPages, registerWebServer } from './web-server';
import { WebSessions } from './web-sessions';

const WEB_SERVER = Symbol('WEB_SERVER');

/**
 * The web pages for officers, composed into a service next to its API (decision 0027). The
 * web server's plugins are registered while the module is built, before Nest adds any route, so
 * that their hooks apply to the pages.
 */
@Module({
  controllers: [
    SignInController,
    HomeController,
    ActionsPages,
    PeoplePages,
    MeetingDocumentsPages,
    ReferralPages,
    AsbReportPages,
    // The application journey first: its static routes before the review pages' parameters.
    CaseReviewApplicationPages,
    CaseReviewPages,
    ChairReferralPages,
    ChairMeetingPages,
    RunMeetingPages,
    ChairFiguresPages,
    AuditPages,
    UsersPages,
    PartnershipPages,
    AgreementsPages,
    RetentionPages,
  ],
  providers: [
    {
      provide: WEB_SERVER,
      inject: [HttpAdapterHost, HUBLINE_CONFIG],
      useFactory: async (adapter: HttpAdapterHost, config: HublineConfig) => {
        // The command line runs the hub's composition without a web server: nothing to serve then.
        if (!adapter.httpAdapter) return null;
        const fastify = adapter.httpAdapter.getInstance<FastifyInstance>();
        await registerWebServer(fastify, { secureCookies: config.env === 'production' });
        storeConsultationsBeforeSending(fastify);
        return fastify;
      },
    },
    WebSessions,
    LocalApiCredentials,
    OpenIdSignIn,
    HubApi,
    ApiText,
    AfterWrite,
    PageRenderer,
    PageConsultations,
    PageErrorsFilter,
    SignedInGuard,
    FormTokenGuard,
  ],
})
export class WebModule implements OnModuleInit {
  constructor(@Inject(WEB_SERVER) private readonly fastify: FastifyInstance | null) {}

  onModuleInit(): void {
    if (this.fastify) readFormsOnWebPages(this.fastify);
  }
}
