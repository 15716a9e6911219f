import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { RouteConfig } from '@nestjs/platform-fastify';
import { Public } from '@hubline/access';
import { WEB_ROUTE } from '../web-server';
import { PageErrorsFilter } from './page-errors.filter';
import { FormTokenGuard, SignedInGuard } from './guards';
import { PageConsultations } from './page-consultations';

/**
 * A controller of web pages: outside the API's bearer-token guard and its OpenAPI document, with
 * its own errors as pages. `signedIn` (the default) asks for a session on every route. The
 * consultations of a page's reads are stored in one append before it is sent (`PageConsultations`).
 */
export const PagesController = (options: { signedIn: boolean } = { signedIn: true }) =>
  applyDecorators(
    Controller(),
    ApiExcludeController(),
    Public(),
    UseFilters(PageErrorsFilter),
    UseInterceptors(PageConsultations),
    options.signedIn ? UseGuards(SignedInGuard, FormTokenGuard) : UseGuards(FormTokenGuard),
  );

/** A route that is a web page: security headers with a CSP nonce, forms read. */
export const Page = () => RouteConfig(WEB_ROUTE);
