import { runService } from '@hubline/service';
import { HubModule } from './hub.module';

/** The all-in-one Hubline process. With no DATABASE_URL it runs on an embedded PostgreSQL. */
runService('hub', 'Hubline', (config, databaseUrl) => HubModule.register({ config, databaseUrl }));
