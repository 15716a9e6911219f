import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { PLATFORM_ADMIN, PUBLIC_KEY, ROLES, ROLES_KEY, type Role, type RouteRole } from '@hubline/access';
import { hubWithOneUserPerRole } from '../support/one-user-per-role';
import type { TestHub } from '../support/test-hub';

const ANY: Role[] = [...ROLES];
/** Every role a caller can hold: the partnership roles, and the platform administrator of no partnership. */
const CALLERS: RouteRole[] = [...ROLES, PLATFORM_ADMIN];
const PUBLIC = 'public' as const;
/** The metadata by which a controller is left out of the OpenAPI document: only the web pages' are. */
const WEB_PAGES = 'swagger/apiExcludeController';
const COORDINATOR: Role[] = ['case_review_coordinator'];
const REVIEW_READERS: Role[] = ['case_review_coordinator', 'panel_member', 'pfcc_reviewer'];
const AGENCY_OFFICERS: Role[] = ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'];

/**
 * Who may call what. This table is the contract: a route missing from it, or a route whose
 * declared roles differ from it, fails the test, so opening a route to a new role is a
 * deliberate, reviewed change.
 */
const EXPECTED: Record<string, RouteRole[] | typeof PUBLIC> = {
  'GET /health/live': PUBLIC,
  'GET /health/ready': PUBLIC,
  'GET /platform/partnerships': ['platform_admin'],
  'POST /platform/partnerships': ['platform_admin'],
  'GET /partnership': ANY,
  'POST /partnership/agencies': ['partnership_admin'],
  'PATCH /partnership/agencies/:agencyId': ['partnership_admin'],
  'PUT /partnership/agencies/:agencyId/case-review-role': ['partnership_admin'],
  'POST /partnership/localities': ['partnership_admin'],
  'POST /partnership/localities/:localityId/wards': ['partnership_admin'],
  'GET /users/me': ANY,
  'GET /users': ['partnership_admin'],
  'GET /users/:userId': ['partnership_admin'],
  'POST /users': ['partnership_admin'],
  'PUT /users/:userId/roles': ['partnership_admin'],
  'POST /users/:userId/deactivate': ['partnership_admin'],
  'POST /users/:userId/reactivate': ['partnership_admin'],
  'GET /audit/consultations': ['auditor'],
  'GET /audit/consultations/users': ['auditor'],
  'GET /audit/public-key': ['auditor'],
  'POST /audit/checkpoints': ['auditor', 'partnership_admin'],
  'GET /audit/verify': ['auditor'],
  'GET /audit/people/:personId/trail': ['auditor'],
  'GET /audit/agencies/:agencyId/sharing': ['auditor'],
  'GET /audit/exceptions': ['auditor'],
  'POST /lag/referrals': ['practitioner', 'lag_chair'],
  'GET /lag/referrals': ['practitioner', 'lag_chair'],
  'GET /lag/referrals/:referralId': ['practitioner', 'lag_chair'],
  'POST /lag/referrals/:referralId/accept': ['lag_chair'],
  'POST /lag/referrals/:referralId/decline': ['lag_chair'],
  'POST /lag/referrals/:referralId/reassess': ['practitioner', 'lag_chair'],
  'POST /lag/referrals/:referralId/actions': ['practitioner', 'lag_chair'],
  'PATCH /lag/referrals/:referralId/actions/:actionId': ['practitioner', 'lag_chair'],
  'POST /lag/referrals/:referralId/reviews': ['lag_chair'],
  'POST /lag/referrals/:referralId/close': ['lag_chair'],
  'POST /lag/referrals/:referralId/reopen': ['lag_chair'],
  'POST /lag/meetings': ['lag_chair'],
  'GET /lag/meetings': ['practitioner', 'lag_chair'],
  'GET /lag/meetings/:meetingId/pack': ['practitioner', 'lag_chair'],
  'GET /lag/meetings/:meetingId/minutes': ['practitioner', 'lag_chair'],
  'POST /lag/meetings/:meetingId/minutes/issue': ['lag_chair'],
  'POST /lag/meetings/:meetingId/agenda': ['lag_chair'],
  'POST /lag/meetings/:meetingId/attendance': ['lag_chair'],
  'POST /lag/meetings/:meetingId/confidentiality': ['lag_chair'],
  'POST /lag/meetings/:meetingId/cases/:referralId': ['lag_chair'],
  'POST /lag/meetings/:meetingId/close': ['lag_chair'],
  'POST /lag/meetings/:meetingId/reschedule': ['lag_chair'],
  'POST /lag/meetings/:meetingId/cancel': ['lag_chair'],
  'GET /lag/actions': ['practitioner', 'lag_chair', 'panel_member', 'case_review_coordinator'],
  'GET /lag/figures/cases-by-band': ['lag_chair'],
  'GET /lag/settings': ANY,
  'PUT /lag/settings/risk-matrix': ['partnership_admin'],
  'PUT /lag/settings/review-cadence': ['partnership_admin'],
  'POST /people': ['practitioner', 'lag_chair', 'case_review_coordinator', 'partnership_admin'],
  'GET /people': ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member', 'partnership_admin'],
  'GET /people/:personId': [
    'practitioner',
    'lag_chair',
    'case_review_coordinator',
    'panel_member',
    'partnership_admin',
  ],
  'PUT /people/:personId/details': ['practitioner', 'lag_chair', 'case_review_coordinator', 'partnership_admin'],
  'POST /people/:personId/agency-references': [
    'practitioner',
    'lag_chair',
    'case_review_coordinator',
    'partnership_admin',
  ],
  'POST /people/:survivorId/merge': ['partnership_admin'],
  'POST /people/:personId/forget': ['partnership_admin'],
  'GET /timelines/victims/:personId': ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'],
  'GET /timelines/offenders/:personId': ['practitioner', 'lag_chair', 'case_review_coordinator', 'panel_member'],
  'POST /sharing/agreements': ['partnership_admin'],
  'GET /sharing/agreements': ANY,
  'GET /sharing/agreements/:agreementId': ANY,
  'POST /sharing/agreements/:agreementId/review': ['partnership_admin'],
  'POST /sharing/agreements/:agreementId/terminate': ['partnership_admin'],
  'POST /sharing/consents': ['practitioner', 'lag_chair', 'case_review_coordinator'],
  'GET /sharing/consents': ['practitioner', 'lag_chair', 'case_review_coordinator', 'auditor'],
  'POST /sharing/consents/:consentId/withdraw': ['practitioner', 'lag_chair', 'case_review_coordinator'],
  'POST /sharing/disclosures': ['practitioner', 'lag_chair', 'case_review_coordinator'],
  'GET /sharing/disclosures': ['practitioner', 'lag_chair', 'case_review_coordinator', 'auditor'],
  'POST /asb/reports': ['practitioner', 'case_review_coordinator'],
  'GET /asb/reports': ['practitioner', 'case_review_coordinator', 'lag_chair', 'panel_member'],
  'GET /asb/reports/:reportId': ['practitioner', 'case_review_coordinator', 'lag_chair', 'panel_member'],
  'GET /asb/reports/:reportId/same-incident-suggestions': ['practitioner', 'case_review_coordinator'],
  'POST /asb/reports/:reportId/incident-link': ['practitioner', 'case_review_coordinator'],
  'POST /asb/reports/:reportId/incident-unlink': ['practitioner', 'case_review_coordinator'],
  'POST /asb/reports/:reportId/withdraw': ['practitioner', 'case_review_coordinator'],
  'GET /asb/work-list': ['practitioner', 'case_review_coordinator'],
  'POST /asb/explanations/:dutyId': ['practitioner', 'case_review_coordinator'],
  'GET /people/settings/duplicate-check': ['partnership_admin', 'auditor'],
  'PUT /people/settings/duplicate-check': ['partnership_admin'],
  'POST /enforcement/orders': ['practitioner'],
  'GET /enforcement/orders': AGENCY_OFFICERS,
  'GET /enforcement/orders/expiring': ['practitioner', 'lag_chair'],
  'GET /enforcement/orders/:orderId': AGENCY_OFFICERS,
  'POST /enforcement/orders/:orderId/variations': ['practitioner'],
  'POST /enforcement/orders/:orderId/discharge': ['practitioner'],
  'POST /enforcement/orders/:orderId/breaches': ['practitioner'],
  'POST /enforcement/orders/:orderId/breach-responses': ['practitioner'],
  'GET /enforcement/settings': ANY,
  'PUT /enforcement/settings/expiry-window': ['partnership_admin'],
  'POST /case-reviews': COORDINATOR,
  'GET /case-reviews': REVIEW_READERS,
  'GET /case-reviews/information-requests': AGENCY_OFFICERS,
  'GET /case-reviews/recommendations': AGENCY_OFFICERS,
  'GET /case-reviews/due': COORDINATOR,
  'GET /case-reviews/figures': ['case_review_coordinator', 'partnership_admin'],
  'GET /case-reviews/:reviewId': REVIEW_READERS,
  'POST /case-reviews/:reviewId/acknowledge': COORDINATOR,
  'POST /case-reviews/:reviewId/information-requests': COORDINATOR,
  'POST /case-reviews/:reviewId/information-requests/:requestId/answer': AGENCY_OFFICERS,
  'POST /case-reviews/:reviewId/threshold-decision': COORDINATOR,
  'POST /case-reviews/:reviewId/panel': COORDINATOR,
  'POST /case-reviews/:reviewId/panel/held': COORDINATOR,
  'POST /case-reviews/:reviewId/findings': ['case_review_coordinator', 'panel_member'],
  'POST /case-reviews/:reviewId/recommendations': ['case_review_coordinator', 'panel_member'],
  'PATCH /case-reviews/:reviewId/recommendations/:recommendationId': AGENCY_OFFICERS,
  'POST /case-reviews/:reviewId/victim-consultation': COORDINATOR,
  'POST /case-reviews/:reviewId/action-plan/finalise': COORDINATOR,
  'POST /case-reviews/:reviewId/outcome': COORDINATOR,
  'POST /case-reviews/:reviewId/close': COORDINATOR,
  'POST /case-reviews/:reviewId/escalation': ['case_review_coordinator', 'pfcc_reviewer'],
  'POST /case-reviews/:reviewId/pfcc-decision': ['pfcc_reviewer'],
  'GET /case-reviews/settings': ANY,
  'PUT /case-reviews/settings/threshold-rules': ['partnership_admin'],
  'PUT /case-reviews/settings/timescales': ['partnership_admin'],
  'PUT /case-reviews/settings/reporting-year': ['partnership_admin'],
  'GET /retention/policy': ['auditor', 'partnership_admin'],
  'PUT /retention/policy': ['partnership_admin'],
  'POST /retention/holds': ['partnership_admin'],
  'POST /retention/holds/:personId/release': ['partnership_admin'],
  'POST /retention/sweep': ['partnership_admin'],
  'GET /subject-access/:personId': ['partnership_admin'],
};

interface Route {
  key: string;
  method: string;
  path: string;
  roles: RouteRole[] | typeof PUBLIC;
}

function discoverRoutes(hub: TestHub): Route[] {
  const discovery = hub.app.get(DiscoveryService);
  const scanner = hub.app.get(MetadataScanner);
  const reflector = hub.app.get(Reflector);
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    // The web pages (decision 0027) are outside the API: no bearer token, no OpenAPI entry. Each
    // needs a session and checks its roles itself, and calls the API routes below as the officer;
    // test/browser holds their refusals (no session, wrong role, forged form).
    if (Reflect.getMetadata(WEB_PAGES, wrapper.metatype as Function)?.[0] === true) continue;
    const prototype = Object.getPrototypeOf(instance);
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype as Function) ?? '');
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/${[base, String(sub)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      const targets = [handler, wrapper.metatype as Function];
      const roles = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)
        ? PUBLIC
        : (reflector.getAllAndOverride<RouteRole[]>(ROLES_KEY, targets) ?? []);
      routes.push({ key: `${method} ${path}`, method, path, roles });
    }
  }
  return routes;
}

describe('role matrix: every route against every role', () => {
  let hub: TestHub;
  let routes: Route[];
  let userOf: (role: RouteRole) => string;

  beforeAll(async () => {
    ({ hub, userOf } = await hubWithOneUserPerRole('matrix'));
    routes = discoverRoutes(hub);
  });
  afterAll(() => hub?.close());

  it('knows every route, and every route declares exactly the expected roles', () => {
    const declared = Object.fromEntries(
      routes.map((r) => [r.key, Array.isArray(r.roles) ? [...r.roles].sort() : r.roles]),
    );
    const expected = Object.fromEntries(
      Object.entries(EXPECTED).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]),
    );
    expect(declared).toEqual(expected);
  });

  it('lets each allowed role through and refuses every other role with 403', async () => {
    const failures: string[] = [];
    for (const route of routes.filter((r) => r.roles !== PUBLIC)) {
      const url = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const role of CALLERS) {
        const res = await hub.as(userOf(role), {
          method: route.method as 'GET',
          url,
          ...(route.method === 'GET' ? {} : { body: {} }),
        });
        const refused = res.statusCode === 403 && res.json().code === 'ACCESS.ROLE_REQUIRED';
        const allowed = (route.roles as RouteRole[]).includes(role);
        if (allowed && (refused || res.statusCode === 401))
          failures.push(`${route.key} refused ${role} (${res.statusCode})`);
        if (!allowed && !refused) failures.push(`${route.key} let ${role} through (${res.statusCode})`);
      }
    }
    expect(failures).toEqual([]);
    // Every route for every role, one after another: on a loaded machine this takes more than the default minute.
  }, 300_000);

  it('refuses every non-public route without a token, and serves public ones', async () => {
    for (const route of routes) {
      const url = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      const res = await hub.as(null, {
        method: route.method as 'GET',
        url,
        ...(route.method === 'GET' ? {} : { body: {} }),
      });
      if (route.roles === PUBLIC) expect(res.statusCode).toBe(200);
      else expect({ route: route.key, status: res.statusCode }).toEqual({ route: route.key, status: 401 });
    }
  });

  it('documents every route, with its roles, in the OpenAPI document', async () => {
    const doc = (await hub.as(null, { url: '/openapi.json' })).json();
    for (const route of routes) {
      const openApiPath = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const operation = doc.paths[openApiPath]?.[route.method.toLowerCase()];
      expect({ route: route.key, documented: Boolean(operation) }).toEqual({ route: route.key, documented: true });
      if (route.roles === PUBLIC) continue;
      const summary = String(operation.summary);
      if (route.roles.length === ROLES.length) expect(summary).toContain('Roles: any');
      else
        for (const role of route.roles)
          expect({ route: route.key, summary: summary.includes(role) }).toEqual({ route: route.key, summary: true });
    }
  });
});
