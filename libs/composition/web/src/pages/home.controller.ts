import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { WebRequest } from '../web-context';
import { Page, PagesController } from './page.decorators';
import { navigationFor, PageRenderer } from './page-renderer';

/** What each role finds on the web today, and where the rest of its work still is. */
const STILL_IN_THE_API: Record<string, string> = {
  lag_chair: 'Reassessing a case’s risk and reopening a closed case',
  partnership_admin:
    'Subject access requests, erasing or merging records, retention sweeps and the partnership’s LAG, case review, enforcement and duplicate-check settings',
};

/** The start page after sign-in: the links the officer's roles can use. */
@PagesController()
export class HomeController {
  constructor(private readonly pages: PageRenderer) {}

  @Get()
  @Page()
  async home(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    const actor = request.signedIn!.actor;
    await this.pages.send(request, reply, 'home.njk', {
      links: navigationFor(actor),
      elsewhere: actor.roles.map((r) => STILL_IN_THE_API[r]).filter(Boolean),
    });
  }
}
