import { seedPartnership, THURROCK, type SeededPartnership } from '@hubline/demo';
import { ok, TestHub } from '../support/test-hub';

/**
 * A subject access export releases the requester's case narratives as written: each narrative
 * that may name or locate someone else is flagged for the reviewer, by kind and span, with no
 * personal data the export did not already hold.
 */
describe('subject access review flags over HTTP', () => {
  let hub: TestHub;
  let thurrock: SeededPartnership;
  const pc = 'pc.okafor@essex-police.demo';
  const admin = 'admin@thurrock.demo';
  const INCIDENT =
    'Harriet reports that Ivor Pendleford shouts at her from the street. Neighbour at no. 24 identified; the van is kept at 12 Orsett Road, RM17 6SL.';
  const REASON = 'Housing and police both need to act together to stop it quickly';
  const ivor = {
    givenName: 'Ivor',
    familyName: 'Pendleford',
    dateOfBirth: '1979-02-03',
    postcode: 'RM16 4QQ',
    address: { lines: ['7 Wren Close'], town: 'Grays' },
  };
  let harrietId: string;
  let ivorId: string;

  beforeAll(async () => {
    hub = await TestHub.start();
    thurrock = await seedPartnership(hub.commands, THURROCK);
    await hub.settle();
    const register = async (body: Record<string, unknown>) =>
      (await ok(hub.as(pc, { method: 'POST', url: '/people', body }), 201)).personId as string;
    harrietId = await register({ givenName: 'Harriet', familyName: 'Quennell', dateOfBirth: '1952-06-07' });
    ivorId = await register(ivor);
    const perpetrator = await register({ givenName: 'Roland', familyName: 'Vesey', dateOfBirth: '1990-01-01' });
    await hub.settle();
    const matrix = (await ok(hub.as(pc, { url: '/lag/settings' }), 200)).riskMatrix;
    await ok(
      hub.as(pc, {
        method: 'POST',
        url: '/lag/referrals',
        body: {
          localityId: thurrock.localities.Grays,
          category: 'asb',
          victimIds: [harrietId],
          perpetratorIds: [perpetrator],
          incidentSummary: INCIDENT,
          vulnerabilities: ['older_person'],
          riskAnswers: Object.fromEntries(
            matrix.questions.map((q: { id: string; answers: Array<{ id: string }> }) => [q.id, q.answers[0].id]),
          ),
          multiAgencyReason: REASON,
        },
      }),
      201,
    );
    await hub.settle();
  });
  afterAll(() => hub?.close());

  it('flags each narrative that may name or locate a third party, by kind and span, adding no personal data', async () => {
    const res = await ok(hub.as(admin, { url: `/subject-access/${harrietId}?purpose=subject_access_request` }), 200);
    expect(res.lagCases[0].aboutTheVictim.incidentSummary).toBe(INCIDENT);
    expect(res.reviewFlags).toEqual([
      { path: 'lagCases[0].aboutTheVictim.incidentSummary', findings: expect.any(Array) },
    ]);
    const [flag] = res.reviewFlags as Array<{ findings: Array<{ kind: string; start: number; end: number }> }>;
    expect(flag.findings.map((f) => [f.kind, INCIDENT.slice(f.start, f.end)])).toEqual([
      ['name_in_register', 'Ivor'],
      ['name_in_register', 'Pendleford'],
      ['house_number', 'no. 24'],
      ['address', '12 Orsett Road'],
      ['postcode', 'RM17 6SL'],
    ]);
    // The requester's own name is not a third party's; the multi-agency reason names nobody.
    expect(flag.findings.some((f) => INCIDENT.slice(f.start, f.end) === 'Harriet')).toBe(false);
    // Nothing about Ivor that the export did not already hold: no id, no address, no date of birth.
    const flags = JSON.stringify(res.reviewFlags);
    for (const needle of [ivorId, ivor.address.lines[0], ivor.postcode, ivor.dateOfBirth, 'Ivor', 'Pendleford'])
      expect({ needle, found: flags.includes(needle) }).toEqual({ needle, found: false });
    expect(JSON.stringify(res)).not.toContain(ivorId);
  });
});
