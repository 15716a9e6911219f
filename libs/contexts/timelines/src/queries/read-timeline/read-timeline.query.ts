import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { IsOptionalButNotNull } from '@hubline/http';
import { PurposeQuery } from '@hubline/access';
import { DomainError } from '@hubline/errors';

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 100;

/** Query parameters of both timeline routes: why you read it, and which page. */
export class ReadTimelineQuery extends PurposeQuery {
  @ApiPropertyOptional({ description: 'The `nextBefore` of the previous page: entries older than it.' })
  @IsOptionalButNotNull()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'before must be the nextBefore of a previous page' })
  before?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptionalButNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIMIT)
  limit?: number;
}

export class InvalidCursorError extends DomainError {
  readonly code = 'TIMELINE.INVALID_CURSOR';
  readonly kind = 'invalid';
  constructor() {
    super('before must be the nextBefore of a previous page.');
  }
}

/** A page boundary: the entry's time and its place in the global log. Opaque to callers. */
export interface Cursor {
  occurredAt: string;
  seq: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.occurredAt}|${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: string): Cursor {
  const [occurredAt, seq, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length || !occurredAt || Number.isNaN(Date.parse(occurredAt)) || !/^\d{1,40}$/.test(seq ?? ''))
    throw new InvalidCursorError();
  return { occurredAt, seq };
}
