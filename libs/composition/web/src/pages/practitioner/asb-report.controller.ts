import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Role } from '@hubline/access';
import { ASB_CATEGORIES } from '@hubline/asb-reports';
import { PROTECTED_CHARACTERISTICS } from '@hubline/people';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { formatDate } from '../format';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { refusalPage, type PageError } from '../plain-english';
import {
  dateFrom,
  decodeAnswers,
  encodeAnswers,
  isPurpose,
  purposeItems,
  readFields,
  ticked,
  type FormValues,
} from './form-fields';
import { practitionerErrors } from './practitioner-messages';

/** Who may record an ASB report (as the API's `POST /asb/reports`). */
const RECORDERS: Role[] = ['practitioner', 'case_review_coordinator'];

const DATES = ['behaviourOn', 'behaviourTo', 'reportedOn'];
const FIELDS = [
  'purpose',
  'reporterKind',
  'reporterName',
  'agencyReference',
  'category',
  'ward',
  'narrative',
  ...DATES.flatMap((d) => [`${d}-day`, `${d}-month`, `${d}-year`]),
];
const LISTS = { characteristic: PROTECTED_CHARACTERISTICS };
const GROUP_REPORTERS = ['business', 'community_group'] as const;

const CATEGORY_WORDS: Record<string, { text: string; hint: string }> = {
  personal: { text: 'Personal', hint: 'Aimed at a person or a group, rather than the community at large' },
  nuisance: { text: 'Nuisance', hint: 'Trouble or annoyance to the community at large' },
  environmental: {
    text: 'Environmental',
    hint: 'Harm to public spaces or the surroundings, such as graffiti or fly-tipping',
  },
  hate: { text: 'Hate incident', hint: 'Motivated by hostility to a protected characteristic' },
};
const CHARACTERISTIC_WORDS: Record<string, string> = {
  age: 'Age',
  disability: 'Disability',
  gender_reassignment: 'Gender reassignment',
  marriage_civil_partnership: 'Marriage or civil partnership',
  pregnancy_maternity: 'Pregnancy or maternity',
  race: 'Race',
  religion_belief: 'Religion or belief',
  sex: 'Sex',
  sexual_orientation: 'Sexual orientation',
};
const REPORTER_WORDS: Record<string, string> = { business: 'A business', community_group: 'A community group' };

interface Locality {
  localityId: string;
  name: string;
  wards: Array<{ wardId: string; name: string }>;
}

interface Journey {
  /** The person reporting (and the victim), when the report starts from their record. */
  person?: { personId: string; givenName?: string; familyName?: string };
  localities: Locality[];
}

const uuid = () => new ParseUUIDPipe({ version: '4' });
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Recording a report of anti-social behaviour or a hate incident that the officer's agency received:
 * from a person's record (they reported it and it was against them), or from a business or a
 * community group by name. Check your answers, then the confirmation. The narrative is sealed by the
 * API with the victim's key; the page never shows it outside this journey.
 */
@PagesController()
@PageRoles(...RECORDERS)
export class AsbReportPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  /** A report from a business or a community group, with no person reporting. */
  @Get('record-asb-report')
  @Page()
  async groupForm(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.showForm(request, reply, await this.journey(request), {}, []);
  }

  @Post('record-asb-report')
  @Page()
  async groupStep(@Req() request: WebRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.step(request, reply, undefined);
  }

  /** A report by the person whose record the officer came from, about behaviour against them. */
  @Get('record-asb-report/:personId')
  @Page()
  async personForm(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const purpose = (request.query as Record<string, string> | undefined)?.purpose;
    if (!isPurpose(purpose)) {
      const errors =
        purpose !== undefined ? [{ text: 'Select why you are recording this report', href: '#purpose' }] : [];
      await this.pages.send(
        request,
        reply,
        'practitioner/purpose.njk',
        { action: `/record-asb-report/${personId}`, purposes: purposeItems(), errors },
        errors.length ? 400 : 200,
      );
      return;
    }
    await this.showForm(request, reply, await this.journey(request, personId, purpose), { purpose }, []);
  }

  @Post('record-asb-report/:personId')
  @Page()
  async personStep(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    await this.step(request, reply, personId);
  }

  @Get('record-asb-report/recorded/:reportId')
  @Page()
  async recorded(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('reportId', uuid()) reportId: string,
  ): Promise<void> {
    await this.pages.send(request, reply, 'practitioner/asb-report-confirmation.njk', { reportId });
  }

  /** Every step posts here: "continue" checks and shows the answers; "change" and "submit" come from there. */
  private async step(request: WebRequest, reply: FastifyReply, personId: string | undefined): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const fromCheckPage = body.action === 'change' || body.action === 'submit';
    const values = fromCheckPage ? decodeAnswers(body.answers) : readFields(body, FIELDS, LISTS);
    if (!values) throw new PageNotFound();
    if (personId && !isPurpose(values.purpose)) throw new PageNotFound();
    const journey = await this.journey(request, personId, values.purpose);
    if (body.action === 'change') return this.showForm(request, reply, journey, values, []);
    const errors = this.check(journey, values);
    if (errors.length) return this.showForm(request, reply, journey, values, errors, 400);
    if (body.action !== 'submit') {
      await this.pages.send(request, reply, 'practitioner/asb-report-check.njk', {
        action: personId ? `/record-asb-report/${personId}` : '/record-asb-report',
        answers: encodeAnswers(values),
        rows: this.summary(journey, values),
      });
      return;
    }
    const answer = await this.api.call<{ reportId: string }>(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/asb/reports',
      body: this.request(journey, values),
    });
    if (isProblem(answer))
      return this.showForm(request, reply, journey, values, practitionerErrors(answer.body as ApiProblem), 400);
    await reply
      .code(303)
      .header('location', `/record-asb-report/recorded/${(answer.body as { reportId: string }).reportId}`)
      .send();
  }

  private async journey(request: WebRequest, personId?: string, purpose?: string): Promise<Journey> {
    const actor = request.signedIn!.actor;
    const [partnership, person] = await Promise.all([
      this.api.call<{ localities: Locality[] }>(actor, request.id, { path: '/partnership' }),
      personId
        ? this.api.call<{ givenName?: string; familyName?: string }>(actor, request.id, {
            path: `/people/${personId}`,
            query: { purpose },
          })
        : undefined,
    ]);
    if (isProblem(partnership)) refusalPage(partnership.body as ApiProblem);
    if (person && isProblem(person)) refusalPage(person.body as ApiProblem);
    return {
      localities: (partnership.body as { localities: Locality[] }).localities,
      ...(person && personId
        ? { person: { ...(person.body as { givenName?: string; familyName?: string }), personId } }
        : {}),
    };
  }

  private check(journey: Journey, values: FormValues): PageError[] {
    const errors: PageError[] = [];
    if (!journey.person) {
      if (!(GROUP_REPORTERS as readonly string[]).includes(values.reporterKind))
        errors.push({ text: 'Select who reported it', href: '#reporterKind' });
      const name = values.reporterName ?? '';
      if (name.length < 1 || name.length > 200 || /[<>]/.test(name))
        errors.push({ text: 'Enter the name of the business or group, up to 200 characters', href: '#reporterName' });
    }
    const reference = values.agencyReference ?? '';
    if (reference.length < 1 || reference.length > 64 || /[<>]/.test(reference))
      errors.push({
        text: 'Enter your agency’s reference for the report, up to 64 characters',
        href: '#agencyReference',
      });
    const behaviourOn = dateFrom(values, 'behaviourOn');
    const behaviourTo = dateFrom(values, 'behaviourTo');
    const reportedOn = dateFrom(values, 'reportedOn');
    if (!behaviourOn)
      errors.push({ text: 'Enter the day it happened as a real date, like 27 3 2026', href: '#behaviourOn-day' });
    else if (behaviourOn > today())
      errors.push({ text: 'The day it happened must be today or in the past', href: '#behaviourOn-day' });
    if (behaviourTo === null)
      errors.push({ text: 'The last day must be a real date, like 29 3 2026', href: '#behaviourTo-day' });
    else if (behaviourTo && behaviourOn && behaviourTo < behaviourOn)
      errors.push({ text: 'The last day must be on or after the first day', href: '#behaviourTo-day' });
    if (!reportedOn)
      errors.push({ text: 'Enter the day it was reported as a real date, like 28 3 2026', href: '#reportedOn-day' });
    else if (reportedOn > today())
      errors.push({ text: 'The day it was reported must be today or in the past', href: '#reportedOn-day' });
    else if (behaviourOn && reportedOn < behaviourOn)
      errors.push({ text: 'The day it was reported must be on or after the day it happened', href: '#reportedOn-day' });
    if (!(ASB_CATEGORIES as readonly string[]).includes(values.category))
      errors.push({ text: 'Select the kind of behaviour', href: '#category' });
    const characteristics = ticked(values, 'characteristic', PROTECTED_CHARACTERISTICS);
    if (values.category === 'hate' && characteristics.length === 0)
      errors.push({ text: 'Select the characteristics the hate incident targeted', href: '#characteristics' });
    if (values.category && values.category !== 'hate' && characteristics.length > 0)
      errors.push({
        text: 'Characteristics are for hate incidents only: untick them or choose hate incident',
        href: '#characteristics',
      });
    if (!journey.localities.some((l) => l.wards.some((w) => w.wardId === values.ward)))
      errors.push({ text: 'Select the ward where it happened', href: '#ward' });
    const narrative = values.narrative ?? '';
    if (narrative.length < 10 || narrative.length > 4000)
      errors.push({ text: 'Enter what happened, in 10 to 4,000 characters', href: '#narrative' });
    return errors;
  }

  private request(journey: Journey, values: FormValues) {
    const behaviourTo = dateFrom(values, 'behaviourTo');
    return {
      agencyReference: values.agencyReference,
      reporter: journey.person
        ? { kind: 'person', personId: journey.person.personId }
        : { kind: values.reporterKind, name: values.reporterName },
      behaviourOn: dateFrom(values, 'behaviourOn'),
      ...(behaviourTo ? { behaviourTo } : {}),
      reportedOn: dateFrom(values, 'reportedOn'),
      category: values.category,
      protectedCharacteristics: ticked(values, 'characteristic', PROTECTED_CHARACTERISTICS),
      ward: values.ward,
      alleged: [],
      narrative: values.narrative,
    };
  }

  private async showForm(
    request: WebRequest,
    reply: FastifyReply,
    journey: Journey,
    values: FormValues,
    errors: PageError[],
    status = 200,
  ): Promise<void> {
    const errorFor = (href: string) => errors.find((e) => e.href === href)?.text;
    await this.pages.send(
      request,
      reply,
      'practitioner/asb-report-form.njk',
      {
        person: journey.person,
        values,
        errors,
        errorFor,
        reporterItems: GROUP_REPORTERS.map((k) => ({
          value: k,
          text: REPORTER_WORDS[k],
          checked: values.reporterKind === k,
        })),
        categoryItems: ASB_CATEGORIES.map((c) => ({
          value: c,
          text: CATEGORY_WORDS[c]?.text ?? c,
          hint: CATEGORY_WORDS[c] ? { text: CATEGORY_WORDS[c].hint } : undefined,
          checked: values.category === c,
        })),
        characteristicItems: PROTECTED_CHARACTERISTICS.map((c) => ({
          name: `characteristic.${c}`,
          value: 'yes',
          text: CHARACTERISTIC_WORDS[c] ?? c,
          checked: values[`characteristic.${c}`] === 'yes',
        })),
        wardItems: [
          { value: '', text: 'Select a ward' },
          ...journey.localities.flatMap((l) =>
            l.wards.map((w) => ({
              value: w.wardId,
              text: `${w.name} (${l.name})`,
              selected: w.wardId === values.ward,
            })),
          ),
        ],
        dateItems: (field: string) => [
          { name: 'day', id: `${field}-day`, classes: 'govuk-input--width-2', value: values[`${field}-day`] },
          { name: 'month', id: `${field}-month`, classes: 'govuk-input--width-2', value: values[`${field}-month`] },
          { name: 'year', id: `${field}-year`, classes: 'govuk-input--width-4', value: values[`${field}-year`] },
        ],
      },
      status,
    );
  }

  private summary(journey: Journey, values: FormValues) {
    const ward = journey.localities.flatMap((l) => l.wards).find((w) => w.wardId === values.ward);
    const behaviourTo = dateFrom(values, 'behaviourTo');
    const characteristics = ticked(values, 'characteristic', PROTECTED_CHARACTERISTICS);
    return {
      reporter: journey.person
        ? `${journey.person.givenName ?? ''} ${journey.person.familyName ?? ''}`.trim() ||
          'The person whose record you came from'
        : `${REPORTER_WORDS[values.reporterKind] ?? ''}: ${values.reporterName}`,
      agencyReference: values.agencyReference,
      behaviour: `${formatDate(dateFrom(values, 'behaviourOn') ?? '')}${behaviourTo ? ` to ${formatDate(behaviourTo)}` : ''}`,
      reportedOn: formatDate(dateFrom(values, 'reportedOn') ?? ''),
      category: CATEGORY_WORDS[values.category]?.text ?? values.category,
      characteristics: characteristics.length
        ? characteristics.map((c) => CHARACTERISTIC_WORDS[c] ?? c).join(', ')
        : 'None',
      ward: ward?.name ?? '',
      narrative: values.narrative,
    };
  }
}
