import { Global, Module } from '@nestjs/common';
import { ACCESS_BASIS_PROVIDERS } from '@hubline/access';
import { PartnershipDirectoryModule } from '@hubline/partnerships';
import { PeopleDirectoryModule } from '@hubline/people';
import { SharingBasisProvider } from './access-basis/sharing-basis.provider';
import { ChangeAgreementHandler } from './commands/agreements/agreement.handler';
import { RecordConsentHandler, WithdrawConsentHandler } from './commands/consents/consent.handler';
import { RecordDisclosureHandler } from './commands/disclose/disclose.handler';
import { SharingReferences } from './commands/sharing-references';
import { AgreementsController } from './http/agreements.controller';
import { ConsentsController } from './http/consents.controller';
import { DisclosuresController } from './http/disclosures.controller';
import { CaseSharingRecorder } from './projections/case-sharing';
import { StatutorySupplyRecorder } from './projections/statutory-supply';
import { SharingProjection } from './projections/sharing.projection';
import { SharingReadModel } from './queries/sharing-read-model';
import { SharingRecords } from './queries/sharing-records';
import { SharingSubjectAccess } from './subject-access/sharing-subject-access';
import { SharingClock } from './sharing-clock';

/**
 * The sharing basis as a reason in the personal-data policy, and the published read facade
 * (SharingRecords). Global, because the policy lives in the global access module and can only see
 * tokens of global modules; the only provider of ACCESS_BASIS_PROVIDERS. A service that shows
 * people but does not serve the sharing API imports this alone (with the sharing migrations, as it
 * reads the sharing tables).
 */
@Global()
@Module({
  providers: [
    SharingClock,
    SharingReadModel,
    SharingRecords,
    SharingBasisProvider,
    { provide: ACCESS_BASIS_PROVIDERS, useFactory: (p: SharingBasisProvider) => [p], inject: [SharingBasisProvider] },
  ],
  exports: [ACCESS_BASIS_PROVIDERS, SharingClock, SharingReadModel, SharingRecords],
})
export class SharingBasisModule {}

/** Information sharing: agreements, consents and disclosures, and the basis they give for access. */
@Module({
  imports: [SharingBasisModule, PartnershipDirectoryModule, PeopleDirectoryModule],
  controllers: [AgreementsController, ConsentsController, DisclosuresController],
  providers: [
    SharingReferences,
    ChangeAgreementHandler,
    RecordConsentHandler,
    WithdrawConsentHandler,
    RecordDisclosureHandler,
  ],
})
export class SharingModule {}

export const SHARING_PROJECTIONS = [SharingProjection];
/**
 * Reactors appending the disclosures case work implies (decision 0016): the sharing inside cases,
 * and the supply of information a relevant body owes an ASB Case Review (Sch 4 para 7).
 */
export const SHARING_REACTORS = [CaseSharingRecorder, StatutorySupplyRecorder];

/**
 * What the sharing context holds about a person, for a subject access export: a service that does
 * not serve the sharing API imports this alone (with the sharing migrations).
 */
@Module({
  providers: [SharingSubjectAccess],
  exports: [SharingSubjectAccess],
})
export class SharingSubjectAccessModule {}
