import { runService } from '@hubline/service';
import { lagReferralsService } from './lag-referrals.module';

runService('lag-referrals', 'Hubline: Locality Action Groups', lagReferralsService);
