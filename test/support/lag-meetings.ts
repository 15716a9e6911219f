import { ok, type TestHub } from './test-hub';

/**
 * A LAG meeting scheduled by `chair` in `localityId`, `daysAhead` days from now (13 by default:
 * within the fortnight a meeting pack covers), with the read models caught up; its id.
 */
export async function scheduleMeeting(
  hub: TestHub,
  chair: string,
  localityId: string,
  daysAhead = 13,
): Promise<string> {
  const { meetingId } = await ok(
    hub.as(chair, {
      method: 'POST',
      url: '/lag/meetings',
      body: { localityId, startsAt: new Date(Date.now() + daysAhead * 86_400_000).toISOString() },
    }),
    201,
  );
  await hub.settle();
  return meetingId as string;
}

/**
 * `chair` calls an urgent LAG meeting in `localityId` for tomorrow, for the case `referralId`
 * with `reason`; the answer as it came, for the test to judge.
 */
export function callUrgentMeeting(
  hub: TestHub,
  chair: string,
  localityId: string,
  referralId: string,
  reason: string,
): ReturnType<TestHub['as']> {
  return hub.as(chair, {
    method: 'POST',
    url: '/lag/meetings',
    body: {
      localityId,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      urgent: { referralId, reason },
    },
  });
}
