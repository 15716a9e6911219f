import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { WITHDRAWAL_REASONS, type WithdrawalReason } from '../../domain';

export class WithdrawReportRequest {
  @ApiProperty({ enum: WITHDRAWAL_REASONS, description: 'Why the report should never have been recorded as it was.' })
  @IsIn(WITHDRAWAL_REASONS)
  reason!: WithdrawalReason;
}
