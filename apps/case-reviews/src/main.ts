import { runService } from '@hubline/service';
import { caseReviewsService } from './case-reviews.module';

runService('case-reviews', 'Hubline: ASB reports and ASB Case Reviews', caseReviewsService);
