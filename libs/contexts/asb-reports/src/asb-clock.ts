import { Injectable } from '@nestjs/common';
import { londonDay } from '@hubline/calendar';

/** The one place the ASB reports context reads the time: `now` (an instant) and `today` (the partnership's day). */
@Injectable()
export class AsbClock {
  now(): string {
    return new Date().toISOString();
  }

  today(): string {
    return londonDay(new Date());
  }
}
