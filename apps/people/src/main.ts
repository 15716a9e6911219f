import { runService } from '@hubline/service';
import { peopleService } from './people-service.module';

runService('people', 'Hubline people and access', peopleService);
