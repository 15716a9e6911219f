import { Body, Controller, Get, Module, Put } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsOptional, IsString } from 'class-validator';
import { DomainError } from '@hubline/errors';
import { createHttpApp } from './create-http-app';
import { LoggingModule } from './logging.module';
import { IfMatch, SendsETag, type ExpectedRevision, type StatedRevision } from './versioning';

class VersionRequiredError extends DomainError {
  readonly code = 'RECORD.IF_MATCH_REQUIRED';
  readonly kind = 'invalid';
}

class NoteRequest {
  @IsOptional() @IsString() note?: string;
}

/** Echoes what it was told, so the tests see exactly what a controller receives and answers. */
@Controller('records')
class RecordsController {
  @Get('current')
  @SendsETag()
  current(): { version: number } {
    return { version: 4 };
  }

  @Get('defaults')
  @SendsETag()
  defaults(): { version: null } {
    return { version: null };
  }

  @Get('locked')
  @SendsETag()
  locked(): { locked: true } {
    return { locked: true };
  }

  @Put('optional')
  @SendsETag()
  optional(
    @Body() _body: NoteRequest,
    @IfMatch() expected: ExpectedRevision,
  ): { expected: ExpectedRevision | null; version: number } {
    return { expected: expected ?? null, version: 5 };
  }

  @Put('required')
  required(
    @IfMatch({ required: () => new VersionRequiredError('Send If-Match.'), description: 'Always needed here.' })
    expected: StatedRevision,
  ): { expected: StatedRevision } {
    return { expected };
  }
}

@Module({
  imports: [LoggingModule.forRoot({ level: 'silent', service: 'versioning-test', format: 'json' })],
  controllers: [RecordsController],
})
class RecordsModule {}

describe('If-Match and ETag over HTTP', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createHttpApp(RecordsModule, { title: 'versioning', description: 'test' });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  const put = (url: string, ifMatch?: string) =>
    app.inject({ method: 'PUT', url, payload: {}, headers: ifMatch === undefined ? {} : { 'if-match': ifMatch } });

  it('hands the controller the revision the If-Match header states', async () => {
    expect((await put('/records/optional', '"3"')).json()).toMatchObject({ expected: 3 });
    expect((await put('/records/optional', 'W/"12"')).json()).toMatchObject({ expected: 12 });
    expect((await put('/records/optional', '*')).json()).toMatchObject({ expected: 'stream_exists' });
    expect((await put('/records/optional')).json()).toMatchObject({ expected: null });
  });

  it('refuses a malformed If-Match with a 400 problem', async () => {
    const res = await put('/records/optional', 'three');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 400,
      code: 'HTTP.INVALID_IF_MATCH',
      detail: 'If-Match must be an ETag this API returned, such as "3"',
    });
  });

  it("refuses a request without the header where the route requires it, with the route's own error", async () => {
    expect((await put('/records/required')).json()).toMatchObject({ status: 400, code: 'RECORD.IF_MATCH_REQUIRED' });
    expect((await put('/records/required', '"0"')).json()).toEqual({ expected: 0 });
  });

  it('sends the returned version as the ETag, and none when there is no version', async () => {
    expect((await app.inject({ method: 'GET', url: '/records/current' })).headers.etag).toBe('"4"');
    expect((await put('/records/optional', '"4"')).headers.etag).toBe('"5"');
    expect((await app.inject({ method: 'GET', url: '/records/defaults' })).headers.etag).toBeUndefined();
    expect((await app.inject({ method: 'GET', url: '/records/locked' })).headers.etag).toBeUndefined();
  });

  it('documents the If-Match header and the ETag response header', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const optional = doc.paths['/records/optional'].put;
    expect(optional.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: false }),
    );
    expect(optional.responses['200'].headers).toHaveProperty('ETag');
    expect(doc.paths['/records/required'].put.parameters).toContainEqual(
      expect.objectContaining({ name: 'If-Match', in: 'header', required: true, description: 'Always needed here.' }),
    );
    expect(doc.paths['/records/required'].put.responses['200'].headers).toBeUndefined();
    expect(JSON.stringify(doc)).not.toContain('x-hubline-etag');
  });
});
