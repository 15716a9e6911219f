import { Injectable } from '@nestjs/common';

// Partnerships are Community Safety Partnerships in England and Wales: their calendar day is
// the one in London. 'en-CA' formats as YYYY-MM-DD.
const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The London calendar day of an instant. */
export const londonDay = (at: Date | string): string => LONDON_DAY.format(typeof at === 'string' ? new Date(at) : at);

/**
 * The one place the LAG context reads the time. Deciders take `now` (an instant) and `today`
 * (the partnership's calendar day, which review and due dates are counted in) from here.
 */
@Injectable()
export class LagClock {
  now(): string {
    return new Date().toISOString();
  }

  today(): string {
    return londonDay(new Date());
  }
}
