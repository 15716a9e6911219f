import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { addDays } from '@hubline/calendar';
import type { HublineConfig } from '@hubline/config';
import {
  actorOf,
  seedLocalityActionGroups,
  seedAsbReports,
  seedCaseReviews,
  seedEnforcementOrders,
  seedPartnership,
  seedPeople,
  seedSharingAgreement,
  THURROCK,
} from '@hubline/demo';
import { ProjectionsService } from '@hubline/projections';
import { withHubContext } from './hub-context';

/** Seeds the demo partnership, its people and its LAGs' last months (idempotent: running it again adds nothing). */
export async function seedCommand(config: HublineConfig): Promise<number> {
  const started = Date.now();
  const progress = progressReporter(started);
  progress.stage('opening the database');
  return withHubContext(config, async (app) => {
    const commands = app.get(CommandBus);
    progress.stage(`the partnership (${THURROCK.name}), its agencies, localities, wards and users`);
    const seeded = await seedPartnership(commands, THURROCK);
    const registrars = ['pc.okafor@essex-police.demo', 'lag.chair@thurrock.demo', 'panel.housing@thurrock.demo'].map(
      (s) => actorOf(THURROCK, seeded, s),
    );
    progress.stage('300 invented people');
    // Registered over the months before the LAG story begins, so each record predates its cases.
    const people = await seedPeople(
      commands,
      seeded,
      registrars,
      300,
      2017,
      new Date(Date.now() - 300 * 86_400_000).toISOString(),
    );
    // Before the LAG story, so that the sharing inside its cases rests on it.
    progress.stage('the information sharing agreement');
    await seedSharingAgreement(commands, seeded, actorOf(THURROCK, seeded, 'admin@thurrock.demo'));
    progress.stage('four months of Locality Action Groups: referrals, meetings, actions');
    const lag = await seedLocalityActionGroups(commands, seeded, people, { app, onProgress: progress.steps });
    progress.stage('a year of ASB reports: 180 more invented people, reports, incidents, Case Review explanations');
    // Registered before the oldest report of the year's Case Review applicants (sixteen months back).
    const asbPeople = await seedPeople(
      commands,
      seeded,
      [actorOf(THURROCK, seeded, 'asb.officer@thurrock.demo')],
      180,
      2025,
      new Date(Date.now() - 560 * 86_400_000).toISOString(),
      4,
    );
    const asb = await seedAsbReports(commands, seeded, asbPeople, { app, onProgress: progress.steps });
    progress.stage(
      'thirteen ASB Case Reviews: applications, information requests, thresholds, panels, outcomes, escalations',
    );
    const caseReviews = await seedCaseReviews(commands, seeded, asb, app);
    progress.stage('enforcement orders on perpetrators of open LAG cases, and their breaches');
    const enforcement = await seedEnforcementOrders(commands, seeded, app);
    progress.stage('bringing the read models up to date');
    await app.get(ProjectionsService).waitForCatchUp(120_000);
    progress.done();
    const out = (s: string) => process.stdout.write(`${s}\n`);
    const { referrals: r, reviews, meetings: m, actions: a } = lag;
    out(
      `Seeded ${THURROCK.name}: ${Object.keys(seeded.agencies).length} agencies, ${Object.keys(seeded.localities).length} localities, ${Object.keys(seeded.wards).length} wards, ${people.length} people (invented).`,
    );
    out(
      `LAG referrals: ${r.referred + r.accepted + r.declined + r.closed} (as of ${lag.today}, ${lag.stepsRun ? `${lag.stepsRun} of ${lag.steps} steps run now` : 'already seeded'})`,
    );
    out(
      `  awaiting the chair ${r.referred}, declined ${r.declined}, open ${r.accepted} (reviews overdue ${reviews.overdue}, due within a week ${reviews.dueWithinAWeek}), closed ${r.closed}`,
    );
    out(
      `  reopened ${lag.reopened}, repeat ${lag.repeat}, hate crime ${lag.hateCrime}, raised by professional judgement ${lag.professionalJudgement}; bands ${Object.entries(
        lag.bands,
      )
        .map(([b, n]) => `${b} ${n}`)
        .join(', ')}`,
    );
    out(
      `LAG meetings: held ${m.held}, urgent ${m.urgent}, cancelled ${m.cancelled}, upcoming with agendas ${m.upcoming}`,
    );
    out(
      `LAG actions: ${a.agreed} agreed, ${a.completed} completed, ${a.cancelled} cancelled, ${a.outstanding} outstanding of which ${a.overdue} overdue`,
    );
    for (const [agency, n] of Object.entries(lag.overdueByAgency)) out(`  overdue: ${agency} ${n}`);
    const [sharing]: Array<{ inside: number; outside: number }> = await app
      .get(DataSource)
      .query(
        `SELECT count(*)::int AS inside, count(*) FILTER (WHERE 'no_agreement' = ANY(flags))::int AS outside FROM sharing.disclosures WHERE partnership_id = $1 AND basis_kind = 'case_involvement'`,
        [seeded.partnershipId],
      );
    out(
      `Sharing: 1 information sharing agreement; ${sharing.inside} disclosures recorded inside LAG cases, ${sharing.outside} with an agency outside it (listed by GET /audit/exceptions)`,
    );
    const x = asb.explanations;
    out(
      `ASB reports: ${asb.reports} from ${asb.from} to ${asb.today} (${asb.stepsRun ? `${asb.stepsRun} of ${asb.steps} steps run now` : 'already seeded'}), ${asb.incidents} incidents (${asb.sharedIncidents} reported to two agencies and recorded as one)`,
    );
    out(
      `  by agency: ${Object.entries(asb.byAgency)
        .map(([a, n]) => `${a} ${n}`)
        .join(', ')}`,
    );
    out(
      `  by category: ${Object.entries(asb.byCategory)
        .map(([c, n]) => `${c} ${n}`)
        .join(
          ', ',
        )}; to bodies that are not relevant bodies ${asb.toOtherBodies}; by businesses or groups ${asb.byBusinessesOrGroups}; perpetrator unknown ${asb.perpetratorUnknown}; withdrawn ${asb.withdrawn}`,
    );
    out(
      `Case Review explanations owed at a second incident in six months: ${x.arisen}, explained ${x.explained}, still due ${x.due}, no longer due (reports linked as one incident) ${x.withdrawn}`,
    );
    for (const [agency, n] of Object.entries(x.dueByAgency)) out(`  due: ${agency} ${n}`);
    const f = caseReviews.figures;
    out(
      `ASB Case Reviews: ${caseReviews.reviews} (${caseReviews.stepsRun ? `${caseReviews.stepsRun} of ${caseReviews.steps} steps run now` : 'already seeded'}); ${Object.entries(
        caseReviews.byStatus,
      )
        .map(([s, n]) => `${s} ${n}`)
        .join(', ')}`,
    );
    out(
      `  the year's published figures: ${f.applications} applications, threshold not met ${f.thresholdNotMet}, reviews carried out ${f.reviewsCarriedOut}, resulting in recommendations ${f.withRecommendations}`,
    );
    out(
      `Enforcement orders: ${enforcement.orders} on perpetrators of open LAG cases, ${enforcement.breaches} breaches (${enforcement.stepsRun ? `${enforcement.stepsRun} steps run now` : 'already seeded'})`,
    );
    out(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
    out('Demo users (subject: roles):');
    for (const u of THURROCK.users) out(`  ${u.subject.padEnd(36)} ${u.roles.join(', ')}`);
    const base = baseUrlOf(config);
    out('\nGet a token for one of them and call the API, e.g.:');
    out('  TOKEN=$(npm run -s token -- lag.chair@thurrock.demo)');
    out(`  curl -H "Authorization: Bearer $TOKEN" ${base}/lag/referrals`);
    out(`  curl -H "Authorization: Bearer $TOKEN" "${base}/lag/actions?agencyId=mine&state=overdue"`);
    out('\nThe case review coordinator: what is due, the reviews, the figures, the explanations owed:');
    out('  TOKEN=$(npm run -s token -- case.review@thurrock.demo)');
    out(`  curl -H "Authorization: Bearer $TOKEN" ${base}/case-reviews/due`);
    out(`  curl -H "Authorization: Bearer $TOKEN" ${base}/case-reviews`);
    out(`  curl -H "Authorization: Bearer $TOKEN" "${base}/case-reviews/figures?from=${addDays(asb.today, -364)}"`);
    out(`  curl -H "Authorization: Bearer $TOKEN" "${base}/asb/work-list?purpose=case_management"`);
    out(`The API document, to try every route with a token: ${base}/docs`);
    return 0;
  });
}

/** Where the hub of this configuration answers (an address it listens on everywhere is reached on this machine). */
export function baseUrlOf(config: HublineConfig): string {
  const host = ['0.0.0.0', '::', ''].includes(config.http.host) ? '127.0.0.1' : config.http.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
}

/**
 * Progress on standard error while the seed works (it takes tens of seconds): a line per stage,
 * and the LAG story's steps as they go, rewritten in place at a terminal, every quarter otherwise.
 */
function progressReporter(started: number) {
  const terminal = Boolean(process.stderr.isTTY);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  let lastQuarter = -1;
  let inPlace = false;
  const endLine = () => {
    if (inPlace) process.stderr.write('\n');
    inPlace = false;
  };
  return {
    stage(what: string) {
      endLine();
      process.stderr.write(`Seeding: ${what}… (${elapsed()})\n`);
    },
    steps(done: number, total: number) {
      if (terminal) {
        process.stderr.write(`\r  step ${done} of ${total}`);
        inPlace = true;
        return;
      }
      const quarter = Math.floor((done / total) * 4);
      if (quarter > lastQuarter) {
        lastQuarter = quarter;
        process.stderr.write(`  step ${done} of ${total} (${elapsed()})\n`);
      }
    },
    done() {
      endLine();
    },
  };
}
