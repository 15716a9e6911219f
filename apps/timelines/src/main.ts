import { runService } from '@hubline/service';
import { timelinesService } from './timelines-service.module';

runService('timelines', 'Hubline timelines', timelinesService);
