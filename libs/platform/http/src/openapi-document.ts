import type { OpenAPIObject } from '@nestjs/swagger';

/** What each group of operations is for, shown above the group in /docs. */
const TAGS: Record<string, string> = {
  health: 'Liveness and readiness, for the orchestrator. Never refused under load.',
  platform: 'Partnerships on this Hubline, managed by platform administrators.',
  partnership: "The caller's partnership: its agencies, localities and wards.",
  users: "The partnership's users, their agencies and roles.",
  people: 'The people register: victims and alleged offenders, their details, references, merges and erasure.',
  lag: 'Locality Action Group referrals, actions, reviews, meetings and settings.',
  timelines: "A person's history across agencies and cases.",
  sharing: 'Information-sharing agreements, consents and disclosures.',
  asb: 'Reports of ASB and hate incidents, incidents reported to several agencies, and the ASB Case Review explanations owed.',
  retention: 'How long personal data is kept, legal holds and retention sweeps.',
  'subject access': 'Subject access requests: what Hubline holds about a person.',
  audit: 'The tamper-evident log, its signed checkpoints, and the reports auditors read.',
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Operation = NonNullable<OpenAPIObject['paths'][string]['get']>;

/**
 * What a reader of /docs needs to know about an operation that has no description of its own:
 * its summary and what it answers, from the responses it declares.
 */
function describedByItsResponses(operation: Operation): string {
  const answers = Object.entries(operation.responses ?? {})
    .map(([status, response]) => {
      const text = response && 'description' in response ? String(response.description ?? '').trim() : '';
      return text ? `${status}: ${text.replace(/\.$/, '')}` : status;
    })
    .join('; ');
  return [operation.summary?.trim(), answers ? `Answers ${answers}.` : ''].filter(Boolean).join(' ');
}

/**
 * Completes the document so that it names its servers and contact, and every operation is grouped under a declared, described tag, has a
 * description and an operationId, and every tag it uses is listed once. Run on every service's
 * document, so a new route cannot be published half-described.
 */
export function describeEveryOperation(document: OpenAPIObject): OpenAPIObject {
  // Whoever reads the document reaches the service at the address they read it from.
  document.servers = [{ url: '/', description: 'This Hubline service' }];
  const used = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (!operation.tags?.length) operation.tags = [path.split('/')[1] || 'service'];
      operation.tags.forEach((tag) => used.add(tag));
      if (!operation.description?.trim()) operation.description = describedByItsResponses(operation);
      operation.operationId ||= `${method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`;
    }
  }
  document.info.contact = { name: "The Hubline administrators of the caller's partnership" };
  document.tags = [...used].sort().map((name) => ({
    name,
    description: TAGS[name] ?? `Operations on /${name}.`,
  }));
  return document;
}
