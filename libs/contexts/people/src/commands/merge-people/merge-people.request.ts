import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Length } from 'class-validator';

export class MergePeopleRequest {
  @ApiProperty({
    format: 'uuid',
    description: 'The duplicate record; it will point to the record in the path, which keeps its own details.',
  })
  @IsUUID('4')
  duplicateId!: string;

  @ApiProperty({
    maxLength: 500,
    example: 'Same person registered twice by police and housing (same date of birth and address).',
    description:
      'Why the records are the same person. Kept in clear for auditors: do not put personal data in the reason.',
  })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
