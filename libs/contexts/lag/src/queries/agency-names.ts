import { Injectable } from '@nestjs/common';
import { PartnershipDirectory } from '@hubline/partnerships';

export interface AgencyName {
  agencyId: string;
  name: string;
}

/**
 * The partnership's agencies by name, in the order its read model sorts them (the database's
 * collation), kept in memory per partnership with the version of the read model they were read at
 * (decision 0032): a read that has that version from its own statement
 * (`PartnershipDirectory.versionColumn`) is answered with no round trip; any other version reads
 * them again in one statement. Names read after the version was read are never older than it, so a
 * newer version always reads afresh.
 */
@Injectable()
export class AgencyNames {
  private readonly kept = new Map<string, { version: number; agencies: AgencyName[] }>();

  constructor(private readonly partnerships: PartnershipDirectory) {}

  /** The names of these agencies (ids of other partnerships left out), sorted by name. */
  async of(partnershipId: string, agencyIds: readonly string[], version: number | null): Promise<AgencyName[]> {
    if (agencyIds.length === 0) return [];
    const wanted = new Set(agencyIds);
    return (await this.all(partnershipId, version)).filter((a) => wanted.has(a.agencyId));
  }

  private async all(partnershipId: string, version: number | null): Promise<AgencyName[]> {
    const kept = this.kept.get(partnershipId);
    if (kept && version !== null && kept.version === version) return kept.agencies;
    const agencies = (await this.partnerships.agencies(partnershipId)).map((a) => ({
      agencyId: a.agencyId,
      name: a.name,
    }));
    if (version !== null && (!kept || kept.version <= version)) this.kept.set(partnershipId, { version, agencies });
    return agencies;
  }
}
