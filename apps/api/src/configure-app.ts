import { randomUUID } from 'node:crypto';

import { RequestMethod } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, CLOCK, Clock } from '@app/core';
import { shareProblemExamples } from './http/api-errors.decorator';
import { bookableExampleDate, withExampleDate } from './http/example-dates';
import { clientErrorHandler, frameworkErrors, routeTableOf } from './http/framework-errors';
import { parseFormBody } from './http/form-body';
import { parseJsonBody } from './http/json-body';
import { AppLogger } from './logging';
import { serveWebApp } from './web-app';

export const FASTIFY_OPTIONS = {
  // Contract: every path answers with and without a trailing slash. A path segment longer
  // than any id is a 404 problem (frameworkErrors), not a bare 414.
  routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  bodyLimit: 64 * 1024,
  frameworkErrors,
  clientErrorHandler,
  // Let Fastify drain in-flight requests on close, dropping idle keep-alive sockets.
  forceCloseConnections: 'idle' as const,
  // A well-formed incoming X-Request-Id is kept so traces join up across services.
  requestIdHeader: false as const,
  genReqId: (req: { headers: Record<string, string | string[] | undefined> }): string => {
    const incoming = req.headers['x-request-id'];
    return typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming)
      ? incoming
      : randomUUID();
  },
};

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Workspace booking API')
    .setDescription(
      'Book private rooms, conference rooms and shared-desk seats by the hour. ' +
        'Errors are RFC 9457 problem+json with `code` and `error` members.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return shareProblemExamples(
    SwaggerModule.createDocument(app, config, {
      operationIdFactory: (controllerKey, methodKey) =>
        `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
    }),
  );
}

/** Everything main.ts and the test harness share: prefix, logging, docs. */
export function configureApp(app: NestFastifyApplication): NestFastifyApplication {
  app.useLogger(new AppLogger(app.get(Logger)));
  const fastify = app.getHttpAdapter().getInstance();
  // Our own JSON parser (strict UTF-8, depth, NUL, prototype keys); text/plain is not JSON: 415.
  app.useBodyParser(
    'application/json',
    { bodyLimit: FASTIFY_OPTIONS.bodyLimit },
    // A parser of two arguments must return a promise: Nest completes the body with what it resolves.
    (request: FastifyRequest, raw: Buffer) =>
      new Promise((resolve) => resolve(parseJsonBody(request, raw))),
  );
  // Fastify's form parser reads every key and checks none of the above.
  app.useBodyParser(
    'application/x-www-form-urlencoded',
    { bodyLimit: FASTIFY_OPTIONS.bodyLimit },
    (_request: FastifyRequest, raw: Buffer) =>
      new Promise((resolve) => resolve(parseFormBody(raw))),
  );
  fastify.removeContentTypeParser('text/plain');
  const routes = routeTableOf(fastify.server);
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // Draining on close: server.close() drops the keep-alive sockets idle at that moment, but a
  // socket whose request is still in flight would stay open after its answer until the client's
  // keep-alive ends (up to 72 s). Answers sent while closing carry Connection: close instead.
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });
  app.setGlobalPrefix('api', { exclude: [{ path: 'health', method: RequestMethod.ALL }] });
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/schema',
    yamlDocumentUrl: 'api/schema.yaml',
    swaggerOptions: { persistAuthorization: true },
    patchDocumentOnRequest: liveExampleDates(app),
  });
  serveWebApp(fastify);
  return app;
}

/**
 * Serves the document with its placeholder example date replaced by a bookable one (the next
 * weekday within the horizon, judged by the injected clock), rebuilt once per date.
 */
function liveExampleDates(app: NestFastifyApplication) {
  const clock = app.get<Clock>(CLOCK);
  const config = app.get<AppConfig>(APP_CONFIG);
  let served: { date: string; document: OpenAPIObject } | undefined;
  return <Req, Res>(_request: Req, _reply: Res, document: OpenAPIObject): OpenAPIObject => {
    const date = bookableExampleDate(
      clock.now(),
      config.workspaceTimezone,
      config.bookingHorizonDays,
    );
    if (served?.date !== date) served = { date, document: withExampleDate(document, date) };
    return served.document;
  };
}
