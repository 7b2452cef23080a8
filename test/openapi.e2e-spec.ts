import { Logger } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { startTestApp, type TestApp } from './support/harness';

describe('the OpenAPI document', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterAll(() => app.close());

  it('gives every schema its own class name: no two DTOs or views collide (Swagger would keep only one)', () => {
    const warn = jest.spyOn(Logger, 'warn').mockImplementation(() => undefined);
    try {
      const document = SwaggerModule.createDocument(app.api, new DocumentBuilder().build());
      expect(Object.keys(document.components?.schemas ?? {})).toEqual(expect.arrayContaining(['RegisterDto', 'RegisterParticipantDto']));
      expect(warn.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('Duplicate DTO'))).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
