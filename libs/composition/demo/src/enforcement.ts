import type { INestApplicationContext } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { addDays, londonDay } from '@hubline/calendar';
import {
  ChangeEnforcementOrder,
  EnforcementClock,
  orderStream,
  ServeEnforcementOrder,
  type OrderChange,
  type ServeOrderInput,
} from '@hubline/enforcement';
import { stableId } from '@hubline/event-store';
import { actorOf, type SeededPartnership } from './reference-data';
import { london, performStory, recordedStoryDay, type StoryStep } from './story';
import { THURROCK } from './thurrock';

const POLICE = 'pc.okafor@essex-police.demo';
const COUNCIL = 'asb.officer@thurrock.demo';
const HOUSING = 'panel.housing@thurrock.demo';

/**
 * The orders of the story, per perpetrator of an open LAG case (the first four, by case): what
 * is served, by whom and when (days before the story's today), and what follows. Invented texts.
 */
type Script = { key: string; daysAgo: number; by: string; run: 'serve' | 'breach'; spec: Record<string, unknown> };

const SCRIPTS: Script[][] = [
  [
    {
      key: 'cpw',
      daysAgo: 60,
      by: POLICE,
      run: 'serve',
      spec: {
        kind: 'community_protection_warning',
        agencyReference: 'EP-CPW-0412',
        conditions: 'Stop playing amplified music audible outside the flat between 11pm and 7am within 7 days.',
      },
    },
    {
      key: 'cpw-breach',
      daysAgo: 40,
      by: COUNCIL,
      run: 'breach',
      spec: {
        order: 'cpw',
        whatHappened: 'Music recorded by the noise app at 1am on three nights.',
        response: 'escalation',
      },
    },
    {
      key: 'cpn',
      daysAgo: 35,
      by: COUNCIL,
      run: 'serve',
      spec: {
        kind: 'community_protection_notice',
        agencyReference: 'TC-CPN-2026-118',
        expiresIn: 20,
        inCase: true,
        warning: 'cpw',
        conditions:
          'No amplified music audible beyond the boundary of the property at any time; remove the outdoor speakers.',
      },
    },
    {
      key: 'cpn-breach',
      daysAgo: 10,
      by: POLICE,
      run: 'breach',
      spec: {
        order: 'cpn',
        whatHappened: 'Speakers back in the garden; music heard two streets away at 2am.',
        response: 'fixed_penalty_notice',
      },
    },
  ],
  [
    {
      key: 'letter',
      daysAgo: 120,
      by: HOUSING,
      run: 'serve',
      spec: {
        kind: 'warning_letter',
        agencyReference: 'TCH-WL-3391',
        conditions: 'Tenancy warning: verbal abuse of the neighbours in the stairwell breaches clause 5.',
      },
    },
    {
      key: 'abc',
      daysAgo: 90,
      by: HOUSING,
      run: 'serve',
      spec: {
        kind: 'acceptable_behaviour_contract',
        agencyReference: 'TCH-ABC-0077',
        expiresIn: 90,
        inCase: true,
        conditions: 'Not to shout at or threaten residents of the block; to attend two sessions with the youth worker.',
      },
    },
  ],
  [
    {
      key: 'injunction',
      daysAgo: 50,
      by: COUNCIL,
      run: 'serve',
      spec: {
        kind: 'civil_injunction',
        agencyReference: 'TC-INJ-2026-009',
        inCase: true,
        particulars: { court: 'Basildon County Court', subjectUnder18: false, powerOfArrest: true },
        conditions: 'Not to enter the car park of the block; not to contact the victim directly or indirectly.',
      },
    },
    {
      key: 'injunction-breach',
      daysAgo: 5,
      by: POLICE,
      run: 'breach',
      spec: {
        order: 'injunction',
        whatHappened: 'Found in the car park waiting by the victim’s car at 7am.',
        response: 'arrest',
      },
    },
  ],
  [
    {
      key: 'cbo',
      daysAgo: 100,
      by: POLICE,
      run: 'serve',
      spec: {
        kind: 'criminal_behaviour_order',
        agencyReference: 'EP-CBO-2026-031',
        inCase: true,
        particulars: { court: 'Basildon Crown Court', subjectUnder18: false, convictionOnDaysAgo: 101 },
        conditions:
          'Not to be in Grays town centre between 8pm and 6am; not to carry any open container of alcohol in public.',
      },
    },
    {
      key: 'cbo-breach',
      daysAgo: 20,
      by: POLICE,
      run: 'breach',
      spec: {
        order: 'cbo',
        whatHappened: 'Seen drinking in the High Street at 11pm, abusive to door staff.',
        response: 'under_investigation',
      },
    },
  ],
];

export interface EnforcementDemoSummary {
  orders: number;
  breaches: number;
  stepsRun: number;
}

/**
 * A handful of enforcement orders on perpetrators of open LAG cases: a CPW that escalates to a CPN
 * (expiring soon, breached), a warning letter and an ABC by the housing provider, a civil
 * injunction with a power of arrest (breached, arrest), and a CBO (breach under investigation).
 * Through the enforcement commands with its clock set to each step's day, idempotent as the other
 * stories are. Run after the LAG story.
 */
export async function seedEnforcementOrders(
  commands: CommandBus,
  partnership: SeededPartnership,
  app: INestApplicationContext,
): Promise<EnforcementDemoSummary> {
  const cases: Array<{ referral_id: string; person_id: string }> = await app.get(DataSource).query(
    `SELECT DISTINCT ON (r.referral_id) r.referral_id, p.person_id
       FROM lag.referrals r CROSS JOIN LATERAL unnest(r.perpetrator_ids) AS perp(id)
       JOIN people.people p ON p.person_id = perp.id AND p.status = 'active'
      WHERE r.partnership_id = $1 AND r.status = 'accepted'
      ORDER BY r.referral_id, p.person_id LIMIT $2`,
    [partnership.partnershipId, SCRIPTS.length],
  );
  const id = (i: number, key: string) => stableId(partnership.partnershipId, 'enforcement-order', String(i), key);
  const firstStream = orderStream(id(0, SCRIPTS[0][0].key));
  const today = (await recordedStoryDay(app, [firstStream])) ?? londonDay(new Date());
  const actor = (subject: string) => actorOf(THURROCK, partnership, subject);
  const steps: StoryStep[] = [];
  let orders = 0;
  let breaches = 0;
  cases.forEach(({ referral_id: caseId, person_id: personId }, i) => {
    for (const s of SCRIPTS[i]) {
      const day = addDays(today, -s.daysAgo);
      const spec = s.spec;
      if (s.run === 'serve') {
        orders += 1;
        const orderId = id(i, s.key);
        const particulars = { ...((spec.particulars as Record<string, unknown>) ?? {}) };
        if (typeof particulars.convictionOnDaysAgo === 'number') {
          particulars.convictionOn = addDays(today, -particulars.convictionOnDaysAgo);
          delete particulars.convictionOnDaysAgo;
        }
        if (spec.warning) particulars.warningOrderId = id(i, String(spec.warning));
        steps.push({
          key: `enforcement-${i}-${s.key}`,
          at: london(day, 11),
          stream: orderStream(orderId),
          readsModel: true,
          run: async (meta) => {
            const a = actor(s.by);
            await commands.execute(
              new ServeEnforcementOrder(
                a,
                {
                  kind: spec.kind as ServeOrderInput['kind'],
                  personId,
                  agencyReference: String(spec.agencyReference),
                  servedOn: day,
                  expiresOn: typeof spec.expiresIn === 'number' ? addDays(today, spec.expiresIn) : null,
                  lagCaseId: spec.inCase ? caseId : null,
                  particulars,
                  conditions: String(spec.conditions),
                },
                meta(a),
                orderId,
              ),
            );
          },
        });
      } else if (s.run === 'breach') {
        breaches += 1;
        const orderId = id(i, String(spec.order));
        steps.push({
          key: `enforcement-${i}-${s.key}`,
          at: london(day, 15),
          stream: orderStream(orderId),
          run: async (meta) => {
            const a = actor(s.by);
            const change: OrderChange = {
              type: 'breach',
              occurredOn: day,
              whatHappened: String(spec.whatHappened),
              response: String(spec.response),
            };
            await commands.execute(
              new ChangeEnforcementOrder(a, orderId, change, meta(a), undefined, id(i, `${s.key}-breach`)),
            );
          },
        });
      }
    }
  });
  const stepsRun = await performStory(app, steps, {
    story: 'enforcement',
    today,
    clocks: [app.get(EnforcementClock, { strict: false })],
  });
  return { orders, breaches, stepsRun };
}
