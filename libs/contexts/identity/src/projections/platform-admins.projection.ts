import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@hubline/event-store';
import type { Projection } from '@hubline/projections';
import type { PlatformAdminEvent } from '../domain/platform-admin';

@Injectable()
export class PlatformAdminsProjection implements Projection {
  readonly name = 'identity.platform-admins';
  readonly tables = ['identity.platform_admins'];
  readonly eventTypes = new Set(['PlatformAdminRegistered', 'PlatformAdminDeactivated', 'PlatformAdminReactivated']);

  async apply(recorded: RecordedEvent, m: EntityManager): Promise<void> {
    const event = { type: recorded.type, data: recorded.data } as PlatformAdminEvent;
    switch (event.type) {
      case 'PlatformAdminRegistered':
        await m.query(
          `INSERT INTO identity.platform_admins (platform_admin_id, subject, display_name, active, version, registered_at)
           VALUES ($1, $2, $3, true, $4, $5) ON CONFLICT (platform_admin_id) DO NOTHING`,
          [
            event.data.platformAdminId,
            event.data.subject,
            event.data.displayName,
            recorded.revision,
            event.data.registeredAt,
          ],
        );
        return;
      case 'PlatformAdminDeactivated':
        await m.query('UPDATE identity.platform_admins SET active = false, version = $2 WHERE platform_admin_id = $1', [
          event.data.platformAdminId,
          recorded.revision,
        ]);
        return;
      case 'PlatformAdminReactivated':
        await m.query('UPDATE identity.platform_admins SET active = true, version = $2 WHERE platform_admin_id = $1', [
          event.data.platformAdminId,
          recorded.revision,
        ]);
        return;
    }
  }

  async reset(m: EntityManager): Promise<void> {
    await m.query('TRUNCATE identity.platform_admins');
  }
}
