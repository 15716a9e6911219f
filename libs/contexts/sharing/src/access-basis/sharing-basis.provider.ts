import { Injectable } from '@nestjs/common';
import type { AccessBasisProvider, AccessReason, Actor } from '@hubline/access';
import { SharingReadModel } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';

/**
 * Lets an agency see a person's data while it holds a disclosure about them whose basis still
 * stands: the consent not withdrawn or expired, the agreement in force, an emergency recent.
 * The moment the basis lapses, the agency is back to the locked view.
 */
@Injectable()
export class SharingBasisProvider implements AccessBasisProvider {
  constructor(
    private readonly readModel: SharingReadModel,
    private readonly clock: SharingClock,
  ) {}

  async reasonsFor(actor: Actor, personIds: string[]): Promise<Map<string, AccessReason[]>> {
    const shared = await this.readModel.sharedWith(actor.partnershipId, actor.agencyId, personIds, this.clock.now());
    return new Map([...shared].map((personId) => [personId, ['sharing_basis']]));
  }
}
