import PDFDocument from 'pdfkit';
import type { PersonView } from '@hubline/people';
import type { Narrative } from '../queries/case-views';
import type { IssuedMeetingPack, Minutes, NamedAgency } from '../queries/meeting-documents';

/**
 * The meeting documents as PDF, with the standard fonts pdfkit ships (nothing is fetched). The
 * same content as the JSON, laid out to be read on paper: every page says it is confidential.
 */

const words = (code: string) => code.replace(/_/g, ' ');
const day = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso));
const time = (iso: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(
    new Date(iso),
  );
const narrative = (n: Narrative | null | undefined) =>
  n === null || n === undefined ? '' : typeof n === 'string' ? n : '(erased when the person was forgotten)';
const personName = (p: PersonView) =>
  'givenName' in p && p.givenName ? `${p.givenName} ${p.familyName ?? ''}`.trim() : 'Not shown to your agency';
const agencyName = (agencies: NamedAgency[], id: string) => agencies.find((a) => a.agencyId === id)?.name ?? id;

function render(title: string, write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: 56,
      bufferPages: true,
      info: { Title: title, Author: 'Hubline', Subject: 'OFFICIAL-SENSITIVE' },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('Helvetica-Bold').fontSize(9).fillColor('#d4351c').text('OFFICIAL-SENSITIVE: CONFIDENTIAL');
    doc.moveDown(0.5).fillColor('#0b0c0c').fontSize(20).text(title);
    doc.moveDown(0.5).font('Helvetica').fontSize(11);
    write(doc);
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc
        .font('Helvetica')
        .fontSize(8)
        .fillColor('#505a5f')
        .text(`${title}: page ${i + 1} of ${range.count}. Do not pass on.`, 56, doc.page.height - 40, {
          lineBreak: false,
        });
    }
    doc.end();
  });
}

const heading = (doc: PDFKit.PDFDocument, text: string, size = 14) =>
  doc
    .moveDown(0.8)
    .font('Helvetica-Bold')
    .fontSize(size)
    .fillColor('#0b0c0c')
    .text(text)
    .font('Helvetica')
    .fontSize(11);
const line = (doc: PDFKit.PDFDocument, label: string, value: string) =>
  doc
    .font('Helvetica-Bold')
    .text(`${label}: `, { continued: true })
    .font('Helvetica')
    .text(value || '-');

export function meetingPackPdf(pack: IssuedMeetingPack): Promise<Buffer> {
  return render('LAG meeting pack', (doc) => {
    line(doc, 'Locality', pack.localityName ?? pack.localityId);
    line(doc, 'Meeting', `${day(pack.startsAt)} at ${time(pack.startsAt)}`);
    line(doc, 'Issued to', pack.issuedTo.name);
    line(doc, 'Overdue as at', day(pack.asOf));
    pack.cases.forEach((c, i) => {
      heading(
        doc,
        `${i + 1}. ${words(c.item)} case: ${words(c.category)}, ${words(c.band)} risk${c.repeat ? ', repeat' : ''}`,
      );
      if (c.locked) {
        doc.text('Your agency may not read this case: only that it is on the agenda is shown.');
        return;
      }
      line(doc, 'Victims', c.victims.map(personName).join(', '));
      if (c.perpetrators.length) line(doc, 'Alleged perpetrators', c.perpetrators.map(personName).join(', '));
      line(doc, 'Next review', c.nextReviewDate ? day(c.nextReviewDate) : '');
      line(doc, 'Reviews so far', String(c.reviewCount));
      if (c.incidentSummary !== null) {
        doc.moveDown(0.3).font('Helvetica-Bold').text('Incident summary').font('Helvetica');
        doc.text(narrative(c.incidentSummary));
      }
      doc.moveDown(0.3).font('Helvetica-Bold').text(`Open actions (${c.overdueActions} overdue)`).font('Helvetica');
      if (c.openActions.length === 0) doc.text('None.');
      for (const a of c.openActions)
        doc.text(
          `- ${words(a.kind)}, ${agencyName(pack.agencies, a.owningAgencyId)}, due ${day(a.dueDate)}${a.overdue ? ' (OVERDUE)' : ''}${
            a.description !== undefined ? `: ${narrative(a.description)}` : ''
          }`,
        );
    });
    if (pack.cases.length === 0) doc.text('No cases are on the agenda.');
  });
}

export function minutesPdf(minutes: Minutes): Promise<Buffer> {
  return render(minutes.issued ? 'LAG meeting minutes' : 'LAG meeting minutes (draft, not issued)', (doc) => {
    line(doc, 'Locality', minutes.localityName ?? minutes.localityId);
    line(doc, 'Meeting', `${day(minutes.startsAt)} at ${time(minutes.startsAt)}`);
    if (minutes.issued) line(doc, 'Issued', `${day(minutes.issued.issuedAt)} at ${time(minutes.issued.issuedAt)}`);
    heading(doc, 'Attendance');
    line(doc, 'Present', minutes.present.map((a) => a.name).join(', '));
    line(doc, 'Apologies', minutes.apologies.map((a) => a.name).join(', '));
    heading(doc, 'Confidentiality');
    doc.text(
      minutes.confidentiality
        ? `Read by the chair at ${time(minutes.confidentiality.confirmedAt)}: ${minutes.confidentiality.statement}`
        : 'The confidentiality statement was not read: no case was discussed.',
    );
    minutes.cases.forEach((c, i) => {
      heading(doc, `${i + 1}. ${words(c.item)} case: ${words(c.category)}, ${words(c.band)} risk`);
      if (c.locked) {
        doc.text('This part of the minutes was not issued to your agency.');
        return;
      }
      line(doc, 'Victims', c.victims.map(personName).join(', '));
      if (!c.discussed) doc.text('Not discussed at this meeting.');
      for (const d of c.discussions) {
        doc.moveDown(0.3).font('Helvetica-Bold').text('Discussion').font('Helvetica');
        doc.text(narrative(d.notes));
        line(doc, 'Decisions', d.decisions.map(words).join(', '));
        if (d.notCovered)
          line(
            doc,
            d.notCovered.decision === 'excluded' ? 'Excluded (no sharing agreement)' : 'Shared without an agreement',
            d.notCovered.agencyIds.map((id) => agencyName(minutes.agencies, id)).join(', '),
          );
      }
      doc.moveDown(0.3).font('Helvetica-Bold').text('Actions agreed').font('Helvetica');
      if (c.actions.length === 0) doc.text('None.');
      for (const a of c.actions)
        doc.text(
          `- ${words(a.kind)}: ${narrative(a.description)}. Owner: ${agencyName(minutes.agencies, a.owningAgencyId)}; due ${day(a.dueDate)}.`,
        );
      if (c.carriedForwardActionIds.length)
        line(doc, 'Actions carried forward', String(c.carriedForwardActionIds.length));
      line(doc, 'Case status', words(c.status));
      line(doc, 'Next review', c.nextReviewDate ? day(c.nextReviewDate) : '');
    });
  });
}
