import { Logger } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
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

  it('answers at the API address npm start prints (/api/v1) with where to go next, and documents it', async () => {
    const index = (await request(app.http).get('/api/v1').expect(200)).body as { name: string; version: string; links: Record<string, string> };
    expect(index).toMatchObject({ name: 'TechBridge API', version: '1' });
    expect(Object.keys(index.links).sort()).toEqual(['docs', 'health', 'login', 'openapi', 'ready', 'refresh', 'register']);
    // Every link leads to a route (the auth ones are POSTs: an empty body is a 400, not a 404).
    for (const [name, link] of Object.entries(index.links)) {
      const res = ['login', 'register', 'refresh'].includes(name) ? await request(app.http).post(link).send({}) : await request(app.http).get(link);
      expect({ name, status: res.status }).not.toEqual({ name, status: 404 });
    }
    const doc = (await request(app.http).get('/docs-json').expect(200)).body as { paths: Record<string, { get?: unknown }> };
    expect(doc.paths['/api/v1']?.get).toBeDefined();
  });
});
