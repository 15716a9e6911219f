import { Injectable, Optional } from '@nestjs/common';
import { ProjectionsService, READ_YOUR_WRITES_TIMEOUT_MS } from '@hubline/projections';

/**
 * A page that changed something redirects to a page that reads it back from read models, which
 * trail the event store (decision 0020). Before redirecting, the page waits (bounded, as the API's
 * own read-your-writes checks do) for the read models to apply the log as it stands, so the
 * officer sees their change on the next page. A read model that cannot catch up in time only
 * delays the redirect: the write is already made.
 */
@Injectable()
export class AfterWrite {
  constructor(@Optional() private readonly projections?: ProjectionsService) {}

  async settle(): Promise<void> {
    await this.projections?.waitForReadModels(READ_YOUR_WRITES_TIMEOUT_MS).catch(() => undefined);
  }
}
