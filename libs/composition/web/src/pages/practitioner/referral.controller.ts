import { Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Actor, Role } from '@hubline/access';
import { REFERRAL_CATEGORIES, REFERRAL_CHARACTERISTICS, RISK_BANDS, VULNERABILITIES } from '@hubline/lag';
import { HubApi, isProblem, type ApiProblem } from '../../hub-api';
import { PageNotFound, type WebRequest } from '../../web-context';
import { PageRoles } from '../guards';
import { Page, PagesController } from '../page.decorators';
import { PageRenderer } from '../page-renderer';
import { PURPOSE_LABELS, refusalPage, type PageError } from '../plain-english';
import {
  decodeAnswers,
  encodeAnswers,
  isPurpose,
  purposeItems,
  readFields,
  ticked,
  type FormValues,
} from './form-fields';
import { practitionerErrors } from './practitioner-messages';
import { BAND_WORDS, scoreSoFar, scoreText, type RiskQuestionnaire } from './risk-score';

/** Who may refer to a LAG (as the API's `POST /lag/referrals`). */
const REFERRERS: Role[] = ['practitioner', 'lag_chair'];

const FIELDS = [
  'purpose',
  'localityId',
  'wardId',
  'category',
  'incidentSummary',
  'multiAgencyReason',
  'judgementBand',
  'judgementReason',
];
const LISTS = { characteristic: REFERRAL_CHARACTERISTICS, vulnerability: VULNERABILITIES };

const CATEGORY_WORDS: Record<string, string> = { asb: 'Anti-social behaviour', hate_crime: 'Hate crime' };
const CHARACTERISTIC_WORDS: Record<string, string> = {
  race: 'Race',
  religion: 'Religion',
  sexual_orientation: 'Sexual orientation',
  disability: 'Disability',
  transgender_identity: 'Transgender identity',
  alternative_subculture: 'Alternative subculture',
  sex: 'Sex or gender',
};
const VULNERABILITY_WORDS: Record<string, string> = {
  physical_disability: 'Physical disability',
  learning_disability: 'Learning disability',
  mental_health: 'Mental health',
  long_term_illness: 'Long-term illness',
  older_person: 'Older person',
  child_or_young_person: 'Child or young person',
  socially_isolated: 'Socially isolated',
  substance_misuse: 'Substance misuse',
  language_barrier: 'Language barrier',
  domestic_abuse: 'Domestic abuse',
  financial_hardship: 'Financial hardship',
  carer: 'Carer',
  other: 'Other',
};

interface Locality {
  localityId: string;
  name: string;
  wards: Array<{ wardId: string; name: string }>;
}

interface Victim {
  personId: string;
  givenName?: string;
  familyName?: string;
  status?: string;
}

interface Journey {
  victim: Victim;
  localities: Locality[];
  questionnaire: RiskQuestionnaire;
}

const uuid = () => new ParseUUIDPipe({ version: '4' });

/**
 * Referring a victim to the Locality Action Group: the victim (from their record, after a purpose),
 * the locality, what happened, the partnership's risk questionnaire with its score and band shown
 * as it is answered ("Work out the score" without JavaScript; our own script with it), check your
 * answers, and the confirmation. The API scores and decides; the page only shows its answer.
 */
@PagesController()
@PageRoles(...REFERRERS)
export class ReferralPages {
  constructor(
    private readonly api: HubApi,
    private readonly pages: PageRenderer,
  ) {}

  @Get('refer-to-lag/:personId')
  @Page()
  async form(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const purpose = (request.query as Record<string, string> | undefined)?.purpose;
    if (!isPurpose(purpose)) {
      const errors =
        purpose !== undefined ? [{ text: 'Select why you are referring this person', href: '#purpose' }] : [];
      await this.pages.send(
        request,
        reply,
        'practitioner/purpose.njk',
        { action: `/refer-to-lag/${personId}`, purposes: purposeItems(), errors },
        errors.length ? 400 : 200,
      );
      return;
    }
    const journey = await this.journey(request, personId, purpose);
    await this.showForm(request, reply, journey, { purpose }, []);
  }

  /**
   * One address for every step: `action` says which button was pressed ("score", "continue",
   * "change" or "submit"). Every step checks the answers again.
   */
  @Post('refer-to-lag/:personId')
  @Page()
  async step(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('personId', uuid()) personId: string,
  ): Promise<void> {
    const body = (request.body ?? {}) as Record<string, string>;
    const fromCheckPage = body.action === 'change' || body.action === 'submit';
    const values = fromCheckPage ? decodeAnswers(body.answers) : this.read(body);
    if (!values || !isPurpose(values.purpose)) throw new PageNotFound();
    const journey = await this.journey(request, personId, values.purpose);
    if (body.action === 'score' || body.action === 'change') {
      await this.showForm(request, reply, journey, values, [], body.action === 'score');
      return;
    }
    const errors = this.check(journey, values);
    if (errors.length) {
      await this.showForm(request, reply, journey, values, errors, true, 400);
      return;
    }
    if (body.action !== 'submit') {
      await this.pages.send(request, reply, 'practitioner/referral-check.njk', {
        personId,
        answers: encodeAnswers(values),
        rows: this.summary(journey, values),
      });
      return;
    }
    const answer = await this.api.call<{ referralId: string }>(request.signedIn!.actor, request.id, {
      method: 'POST',
      path: '/lag/referrals',
      body: this.request(journey, personId, values),
    });
    if (isProblem(answer)) {
      await this.showForm(request, reply, journey, values, practitionerErrors(answer.body as ApiProblem), true, 400);
      return;
    }
    const referralId = (answer.body as { referralId: string }).referralId;
    await reply.code(303).header('location', `/refer-to-lag/referred/${referralId}?purpose=${values.purpose}`).send();
  }

  @Get('refer-to-lag/referred/:referralId')
  @Page()
  async referred(
    @Req() request: WebRequest,
    @Res() reply: FastifyReply,
    @Param('referralId', uuid()) referralId: string,
  ): Promise<void> {
    const purpose = (request.query as Record<string, string> | undefined)?.purpose;
    if (!isPurpose(purpose)) throw new PageNotFound();
    const answer = await this.api.call<Record<string, unknown>>(request.signedIn!.actor, request.id, {
      path: `/lag/referrals/${referralId}`,
      query: { purpose },
    });
    if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    const referral = answer.body as { band: string; repeat: boolean; status: string; referringAgencyId: string };
    // Only the referring agency's own referral is confirmed here.
    if (referral.referringAgencyId !== request.signedIn!.actor.agencyId) throw new PageNotFound();
    await this.pages.send(request, reply, 'practitioner/referral-confirmation.njk', {
      referralId,
      band: BAND_WORDS[referral.band] ?? referral.band,
      repeat: referral.repeat,
    });
  }

  private read(body: Record<string, string>): FormValues {
    const values = readFields(body, FIELDS, LISTS);
    for (const [key, value] of Object.entries(body))
      if (/^risk\.[A-Za-z0-9_-]{1,64}$/.test(key) && typeof value === 'string') values[key] = value;
    return values;
  }

  /** The victim (read with the officer's purpose), the partnership's localities and its questionnaire. */
  private async journey(request: WebRequest, personId: string, purpose: string): Promise<Journey> {
    const actor: Actor = request.signedIn!.actor;
    const [victim, partnership, settings] = await Promise.all([
      this.api.call<Victim>(actor, request.id, { path: `/people/${personId}`, query: { purpose } }),
      this.api.call<{ localities: Locality[] }>(actor, request.id, { path: '/partnership' }),
      this.api.call<{ riskMatrix: RiskQuestionnaire }>(actor, request.id, { path: '/lag/settings' }),
    ]);
    for (const answer of [victim, partnership, settings]) if (isProblem(answer)) refusalPage(answer.body as ApiProblem);
    return {
      victim: { ...(victim.body as Victim), personId },
      localities: (partnership.body as { localities: Locality[] }).localities,
      questionnaire: (settings.body as { riskMatrix: RiskQuestionnaire }).riskMatrix,
    };
  }

  private riskAnswers(journey: Journey, values: FormValues): Record<string, string> {
    const answers: Record<string, string> = {};
    for (const q of journey.questionnaire.questions) if (values[`risk.${q.id}`]) answers[q.id] = values[`risk.${q.id}`];
    return answers;
  }

  /** What the page checks before the API does, so that the officer sees every error at once. */
  private check(journey: Journey, values: FormValues): PageError[] {
    const errors: PageError[] = [];
    const locality = journey.localities.find((l) => l.localityId === values.localityId);
    if (!locality) errors.push({ text: 'Select the locality whose LAG should hear the case', href: '#localityId' });
    if (values.wardId && locality && !locality.wards.some((w) => w.wardId === values.wardId))
      errors.push({ text: 'Select a ward of the locality you chose, or no ward', href: '#wardId' });
    if (!(REFERRAL_CATEGORIES as readonly string[]).includes(values.category))
      errors.push({ text: 'Select whether it is anti-social behaviour or hate crime', href: '#category' });
    const characteristics = ticked(values, 'characteristic', REFERRAL_CHARACTERISTICS);
    if (values.category === 'hate_crime' && characteristics.length === 0)
      errors.push({ text: 'Select the characteristics the hate crime targeted', href: '#characteristics' });
    if (values.category === 'asb' && characteristics.length > 0)
      errors.push({
        text: 'Characteristics are for hate crime only: untick them or choose hate crime',
        href: '#characteristics',
      });
    const summary = values.incidentSummary ?? '';
    if (summary.length < 10 || summary.length > 4000)
      errors.push({ text: 'Enter what has happened, in 10 to 4,000 characters', href: '#incidentSummary' });
    const reason = values.multiAgencyReason ?? '';
    if (reason.length < 10 || reason.length > 2000)
      errors.push({
        text: 'Enter why a multi-agency response is needed, in 10 to 2,000 characters',
        href: '#multiAgencyReason',
      });
    const unanswered = journey.questionnaire.questions.filter(
      (q) => !q.answers.some((a) => a.id === values[`risk.${q.id}`]),
    );
    for (const q of unanswered) errors.push({ text: `Answer: ${q.text}`, href: `#risk-${q.id}` });
    if (values.judgementBand && !(RISK_BANDS as readonly string[]).includes(values.judgementBand))
      errors.push({ text: 'Select a risk band, or none', href: '#judgementBand' });
    else if (values.judgementBand) {
      const scored = scoreSoFar(journey.questionnaire, this.riskAnswers(journey, values));
      if (
        unanswered.length === 0 &&
        RISK_BANDS.indexOf(values.judgementBand as never) < RISK_BANDS.indexOf(scored.band as never)
      )
        errors.push({
          text: `Your judgement can raise the band above the score (${BAND_WORDS[scored.band]}), never lower it`,
          href: '#judgementBand',
        });
      const why = values.judgementReason ?? '';
      if (why.length < 10 || why.length > 2000)
        errors.push({
          text: 'Enter why you judge the risk this way, in 10 to 2,000 characters',
          href: '#judgementReason',
        });
    } else if (values.judgementReason)
      errors.push({ text: 'Select the band you judge the risk to be, or clear the reason', href: '#judgementBand' });
    return errors;
  }

  private request(journey: Journey, personId: string, values: FormValues) {
    return {
      localityId: values.localityId,
      ...(values.wardId ? { wardId: values.wardId } : {}),
      category: values.category,
      protectedCharacteristics: ticked(values, 'characteristic', REFERRAL_CHARACTERISTICS),
      victimIds: [personId],
      perpetratorIds: [],
      incidentSummary: values.incidentSummary,
      vulnerabilities: ticked(values, 'vulnerability', VULNERABILITIES),
      riskAnswers: this.riskAnswers(journey, values),
      ...(values.judgementBand
        ? { professionalJudgement: { band: values.judgementBand, reason: values.judgementReason } }
        : {}),
      multiAgencyReason: values.multiAgencyReason,
    };
  }

  private async showForm(
    request: WebRequest,
    reply: FastifyReply,
    journey: Journey,
    values: FormValues,
    errors: PageError[],
    showScore = false,
    status = 200,
  ): Promise<void> {
    const score = scoreSoFar(journey.questionnaire, this.riskAnswers(journey, values));
    const errorFor = (href: string) => errors.find((e) => e.href === href)?.text;
    await this.pages.send(
      request,
      reply,
      'practitioner/referral-form.njk',
      {
        victim: journey.victim,
        values,
        errors,
        errorFor,
        purposeLabel: PURPOSE_LABELS[values.purpose],
        localities: journey.localities,
        localityItems: journey.localities.map((l) => ({
          value: l.localityId,
          text: l.name,
          checked: l.localityId === values.localityId,
        })),
        wardItems: [
          { value: '', text: 'No ward, or not known' },
          ...journey.localities.flatMap((l) =>
            l.wards.map((w) => ({
              value: w.wardId,
              text: `${w.name} (${l.name})`,
              selected: w.wardId === values.wardId,
            })),
          ),
        ],
        categoryItems: REFERRAL_CATEGORIES.map((c) => ({
          value: c,
          text: CATEGORY_WORDS[c] ?? c,
          checked: values.category === c,
        })),
        characteristicItems: REFERRAL_CHARACTERISTICS.map((c) => ({
          name: `characteristic.${c}`,
          value: 'yes',
          text: CHARACTERISTIC_WORDS[c] ?? c,
          checked: values[`characteristic.${c}`] === 'yes',
        })),
        vulnerabilityItems: VULNERABILITIES.map((v) => ({
          name: `vulnerability.${v}`,
          value: 'yes',
          text: VULNERABILITY_WORDS[v] ?? v,
          checked: values[`vulnerability.${v}`] === 'yes',
        })),
        questionnaire: journey.questionnaire,
        questions: journey.questionnaire.questions.map((q) => ({
          id: q.id,
          text: q.text,
          items: q.answers.map((a) => ({
            value: a.id,
            text: a.text,
            checked: values[`risk.${q.id}`] === a.id,
            attributes: { 'data-score': String(a.score) },
          })),
        })),
        scoreShown: showScore || score.answered > 0,
        scoreText: scoreText(score),
        judgementItems: [
          { value: '', text: 'No: the score’s band is right' },
          ...RISK_BANDS.map((b) => ({ value: b, text: BAND_WORDS[b], selected: values.judgementBand === b })),
        ],
      },
      status,
    );
  }

  /** The answers as "check your answers" lists them, each with the question it answers. */
  private summary(journey: Journey, values: FormValues) {
    const locality = journey.localities.find((l) => l.localityId === values.localityId);
    const ward = locality?.wards.find((w) => w.wardId === values.wardId);
    const score = scoreSoFar(journey.questionnaire, this.riskAnswers(journey, values));
    const list = (codes: string[], wordsOf: Record<string, string>) =>
      codes.length ? codes.map((c) => wordsOf[c] ?? c).join(', ') : 'None';
    return {
      victim: `${journey.victim.givenName ?? ''} ${journey.victim.familyName ?? ''}`.trim(),
      locality: locality?.name ?? '',
      ward: ward?.name ?? 'No ward, or not known',
      category: CATEGORY_WORDS[values.category] ?? values.category,
      characteristics: list(ticked(values, 'characteristic', REFERRAL_CHARACTERISTICS), CHARACTERISTIC_WORDS),
      vulnerabilities: list(ticked(values, 'vulnerability', VULNERABILITIES), VULNERABILITY_WORDS),
      incidentSummary: values.incidentSummary,
      multiAgencyReason: values.multiAgencyReason,
      risk: journey.questionnaire.questions.map((q) => ({
        question: q.text,
        answer: q.answers.find((a) => a.id === values[`risk.${q.id}`])?.text ?? '',
      })),
      score: scoreText(score),
      judgement: values.judgementBand
        ? `${BAND_WORDS[values.judgementBand]} risk: ${values.judgementReason}`
        : 'None: the score’s band',
    };
  }
}
