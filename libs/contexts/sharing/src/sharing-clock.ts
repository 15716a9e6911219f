import { Injectable } from '@nestjs/common';

/** The one place the sharing context reads the time: validity is judged at this instant. */
@Injectable()
export class SharingClock {
  now(): string {
    return new Date().toISOString();
  }
}
