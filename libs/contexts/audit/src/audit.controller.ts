import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { CommandMetadata, Roles } from '@hubline/access';
import type { EventMetadata } from '@hubline/event-store';
import { AuditService } from './audit.service';
import type { SignedCheckpointReceipt } from './checkpoint-signer';
import type { LogVerifyReport } from './log-verifier';

class PublicKeyResponse {
  @ApiProperty({ example: 'Ed25519' }) algorithm!: 'Ed25519';
  @ApiProperty({ description: 'SubjectPublicKeyInfo, PEM.' }) publicKeyPem!: string;
  @ApiProperty({
    description: "SHA-256 of the key's DER, lower-case hex: the `keyFingerprint` every checkpoint names.",
  })
  fingerprint!: string;
}

class CheckpointResponse {
  @ApiProperty({ format: 'uuid' }) checkpointId!: string;
  @ApiProperty({ example: '1234/5678', description: 'Global position: every event at or before it is covered.' })
  position!: string;
  @ApiProperty({ description: "SHA-256 (hex) of every stream's revision and hash at the position." }) digest!: string;
  @ApiProperty() streamCount!: number;
  @ApiProperty() eventCount!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
  @ApiProperty({ description: 'Base64 Ed25519 signature.' }) signature!: string;
  @ApiProperty() keyFingerprint!: string;
  @ApiProperty({ description: 'Where the LogCheckpointSigned event itself is in the log.' }) eventPosition!: string;
  @ApiProperty({ example: 1 }) version!: number;
}

class VerifyResponse {
  @ApiProperty() ok!: boolean;
  @ApiProperty({ description: "Every stream's hash chain: ok, streamsChecked, eventsChecked, firstBroken." })
  chains!: object;
  @ApiProperty({ description: 'Every signed checkpoint: ok, supported, checked, keyFingerprint, latest, firstBroken.' })
  checkpoints!: object;
  @ApiPropertyOptional({
    description:
      'The first broken link, with a plain-language `message`: a chain break (kind `chain`) or a checkpoint that does not hold (kind `checkpoint`).',
  })
  firstBroken?: object;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('public-key')
  @Roles('auditor')
  @ApiOperation({
    summary: 'The public key that verifies signed log checkpoints. Roles: auditor.',
    description:
      'Keep a copy outside Hubline, obtained from the operator (`npm run hubline -- audit-public-key`), and check it against this one: a key fetched only from the system being audited proves little.',
  })
  @ApiOkResponse({ type: PublicKeyResponse })
  publicKey(): PublicKeyResponse {
    return { algorithm: 'Ed25519', ...this.audit.publicKey };
  }

  @Post('checkpoints')
  @HttpCode(201)
  @Roles('auditor', 'partnership_admin')
  @ApiOperation({
    summary: 'Signs a checkpoint of the whole log now. Roles: auditor, partnership_admin.',
    description:
      "Also signed on a schedule. Keep the returned receipt outside Hubline: it proves the log's state at its position even if later checkpoints are removed.",
  })
  @ApiCreatedResponse({ type: CheckpointResponse })
  @ApiConflictResponse({
    description: 'The log is empty, or the event store is EventStoreDB (checkpoints are built on PostgreSQL only).',
  })
  @ApiTooManyRequestsResponse({
    description:
      'AUDIT.CHECKPOINT_TOO_SOON: a checkpoint was signed less than HUBLINE_CHECKPOINT_ON_DEMAND_SECONDS ago; Retry-After says when to ask again.',
  })
  sign(@CommandMetadata() meta: EventMetadata): Promise<SignedCheckpointReceipt> {
    return this.audit.signOnDemand(meta);
  }

  @Get('verify')
  @Roles('auditor')
  @ApiOperation({
    summary:
      "Verifies every stream's hash chain and every signed checkpoint; reports OK or the first broken link. Roles: auditor.",
    description: 'Reads the whole log: it takes time on a large one.',
  })
  @ApiOkResponse({ type: VerifyResponse })
  verify(): Promise<LogVerifyReport> {
    return this.audit.verify();
  }
}
