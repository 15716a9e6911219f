import { actorOf, seedAsbReports, seedCaseReviews, seedPeople, THURROCK, type SeededPartnership } from '@hubline/demo';
import type { TestHub } from './test-hub';

/**
 * The demo's ASB story in Thurrock: 45 people registered by the ASB officer over the last 560
 * days, the reports of 10 victims among them, and the Case Reviews those reports led to.
 */
export async function seedAsbStory(hub: TestHub, seeded: SeededPartnership): Promise<void> {
  const people = await seedPeople(
    hub.commands,
    seeded,
    [actorOf(THURROCK, seeded, 'asb.officer@thurrock.demo')],
    45,
    2102,
    new Date(Date.now() - 560 * 86_400_000).toISOString(),
    4,
  );
  const asb = await seedAsbReports(hub.commands, seeded, people, { app: hub.app, victims: 10 });
  await seedCaseReviews(hub.commands, seeded, asb, hub.app);
}
