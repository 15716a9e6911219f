import { Injectable } from '@nestjs/common';
import { londonDay } from '@hubline/calendar';

/** The one place the enforcement context reads the time: `now` (an instant) and `today` (the partnership's day). */
@Injectable()
export class EnforcementClock {
  now(): string {
    return new Date().toISOString();
  }

  today(): string {
    return londonDay(new Date());
  }
}
