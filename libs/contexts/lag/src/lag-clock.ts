import { Injectable } from '@nestjs/common';
import { londonDay } from '@hubline/calendar';

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
