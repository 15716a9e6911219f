import { Injectable } from '@nestjs/common';
import { londonDay } from '@hubline/calendar';

/** The one place the case-reviews context reads the time: the instant, and the partnership's calendar day. */
@Injectable()
export class CaseReviewsClock {
  now(): string {
    return new Date().toISOString();
  }

  today(): string {
    return londonDay(new Date());
  }
}
