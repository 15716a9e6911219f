import { Injectable } from '@nestjs/common';
import type { AccessBasisProvider, AccessGrant, Actor } from '@hubline/access';
import { SharingReadModel } from '../queries/sharing-read-model';
import { SharingClock } from '../sharing-clock';

/**
 * Lets an agency read what was disclosed to it about a person while the disclosure's basis still
 * stands: the consent not withdrawn or expired, the agreement in force, an emergency recent. Each
 * standing disclosure grants its own categories (the policy takes their union and shows nothing
 * without identity). The moment the basis lapses, its categories are withheld again.
 */
@Injectable()
export class SharingBasisProvider implements AccessBasisProvider {
  constructor(
    private readonly readModel: SharingReadModel,
    private readonly clock: SharingClock,
  ) {}

  async grantsFor(actor: Actor, personIds: string[]): Promise<Map<string, AccessGrant[]>> {
    const shared = await this.readModel.sharedWith(actor.partnershipId, actor.agencyId, personIds, this.clock.now());
    return new Map(
      [...shared].map(([personId, disclosed]) => [
        personId,
        disclosed.map((categories) => ({ reason: 'sharing_basis' as const, categories })),
      ]),
    );
  }
}
