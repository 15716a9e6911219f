import type { CommandBus } from '@nestjs/cqrs';
import type { Actor, Role } from '@hubline/access';
import { ChangeUser } from '@hubline/identity';
import { ChangePartnership, type AgencyKind, type CaseReviewRole } from '@hubline/partnerships';
import { stableId } from '@hubline/event-store';

export interface PartnershipSpec {
  name: string;
  area: string;
  /** `caseReviewRole`: when not the kind's default (a co-opted landlord, the ICB). */
  agencies: Array<{ key: string; name: string; kind: AgencyKind; caseReviewRole?: CaseReviewRole }>;
  localities: Array<{ name: string; wards: string[] }>;
  users: Array<{ subject: string; displayName: string; agency: string; roles: Role[] }>;
}

export interface SeededPartnership {
  partnershipId: string;
  agencies: Record<string, string>;
  localities: Record<string, string>;
  wards: Record<string, string>;
  users: Record<string, string>;
}

const SYSTEM = { userId: 'system', agencyId: 'system', correlationId: 'seed' };

/**
 * Registers a partnership with its agencies, localities, wards and users through the same
 * commands the API uses (so every change is an audited event). Ids derive from names: running it
 * again finds everything in place and appends nothing.
 */
export async function seedPartnership(commands: CommandBus, spec: PartnershipSpec): Promise<SeededPartnership> {
  const partnershipId = stableId('partnership', spec.name);
  const id = (...parts: string[]) => stableId(partnershipId, ...parts);
  const change = async (command: ChangePartnership['command']) => {
    try {
      await commands.execute(new ChangePartnership(partnershipId, command, SYSTEM));
    } catch (error) {
      if (
        (error as { code?: string }).code !== 'PARTNERSHIP.DUPLICATE_NAME' &&
        (error as { code?: string }).code !== 'PARTNERSHIP.ALREADY_REGISTERED'
      )
        throw error;
    }
  };
  const now = new Date().toISOString();
  await change({ type: 'RegisterPartnership', partnershipId, name: spec.name, area: spec.area, now });
  const result: SeededPartnership = { partnershipId, agencies: {}, localities: {}, wards: {}, users: {} };
  for (const a of spec.agencies) {
    result.agencies[a.key] = id('agency', a.name);
    await change({ type: 'AddAgency', agencyId: result.agencies[a.key], name: a.name, kind: a.kind, now });
    // Setting the role it already has changes nothing.
    if (a.caseReviewRole)
      await change({
        type: 'SetAgencyCaseReviewRole',
        agencyId: result.agencies[a.key],
        caseReviewRole: a.caseReviewRole,
        now,
      });
  }
  for (const l of spec.localities) {
    const localityId = id('locality', l.name);
    result.localities[l.name] = localityId;
    await change({ type: 'AddLocality', localityId, name: l.name });
    for (const w of l.wards) {
      result.wards[w] = id('ward', l.name, w);
      await change({ type: 'AddWard', wardId: result.wards[w], localityId, name: w });
    }
  }
  for (const u of spec.users) {
    const userId = id('user', u.subject);
    result.users[u.subject] = userId;
    try {
      await commands.execute(
        new ChangeUser(
          userId,
          {
            type: 'RegisterUser',
            userId,
            partnershipId,
            subject: u.subject,
            displayName: u.displayName,
            agencyId: result.agencies[u.agency],
            roles: u.roles,
            now,
          },
          SYSTEM,
        ),
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'USER.ALREADY_REGISTERED') throw error;
    }
  }
  return result;
}

/** The seeded user with this subject, as the actor of commands the demo makes on their behalf. */
export function actorOf(spec: PartnershipSpec, seeded: SeededPartnership, subject: string): Actor {
  const user = spec.users.find((u) => u.subject === subject);
  if (!user) throw new Error(`no demo user ${subject}`);
  return {
    userId: seeded.users[subject],
    subject,
    displayName: user.displayName,
    partnershipId: seeded.partnershipId,
    agencyId: seeded.agencies[user.agency],
    roles: user.roles,
  };
}
