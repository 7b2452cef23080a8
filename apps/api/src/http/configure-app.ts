import { type INestApplication, NotFoundException, RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppEnv, Metrics, requestIdFor } from '@techbridge/platform';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ApiExceptionFilter } from './api-exception.filter';
import { requestMetrics } from './request-metrics';
import { createValidationPipe } from './validation';

export const API_PREFIX = 'api/v1';
export const API_VERSION = '1';

/**
 * The HTTP pipeline, set up in one place: main.ts and the e2e tests both call this, so the
 * tests exercise exactly what production runs.
 */
export async function configureApp(app: NestExpressApplication): Promise<INestApplication> {
  const env = app.get(AppEnv);
  app.useLogger(app.get(Logger));
  // First of all, so even a request rejected by the body parser has an id to quote.
  app.use((req: Request, res: Response, next: NextFunction) => {
    requestIdFor(req, res);
    next();
  });
  app.use(requestMetrics(app.get(Metrics)));
  // Never `true` (every hop): req.ip would be the left-most X-Forwarded-For entry, which the client
  // writes itself, and every per-IP rate limit would count whatever address it names.
  app.set('trust proxy', env.trustProxy);
  // No ETags: hashing every response body costs CPU on each list call, and clients of this API
  // do not revalidate.
  app.set('etag', false);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
  app.use(
    helmet({
      // Swagger UI's bundle is served from here; nothing else needs more than 'self'.
      contentSecurityPolicy: { directives: { 'img-src': ["'self'", 'data:', 'validator.swagger.io'] } },
    }),
  );
  if (env.corsOrigins.length > 0) app.enableCors({ origin: env.corsOrigins, exposedHeaders: ['x-request-id', 'retry-after'] });
  app.useBodyParser('json', { limit: env.bodyLimit });
  app.useBodyParser('urlencoded', { limit: env.bodyLimit, extended: false });
  app.useGlobalPipes(createValidationPipe());
  const filter = new ApiExceptionFilter();
  app.useGlobalFilters(filter);
  const respond = (err: unknown, req: Request, res: Response) =>
    filter.catch(err, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  // Body-parser rejects a request before Nest routes it; its errors come here, into the same shape.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => (res.headersSent ? next(err) : respond(err, req, res)));
  setUpDocs(app);
  app.enableShutdownHooks();
  await app.init();
  // Nest answers unknown routes only under the global prefix; everything else ends here.
  app.use((req: Request, res: Response) => respond(new NotFoundException(`Cannot ${req.method} ${req.path}`), req, res));
  return app;
}

function setUpDocs(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('TechBridge API')
    .setDescription('科技成果转化对接平台 — technology demands, achievements, matches, matchmaking events and deals.')
    .setVersion(API_VERSION)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
