import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService } from '@nestjs/common';
import { Logger, Params } from 'nestjs-pino';
import type { DestinationStream, LevelWithSilent } from 'pino';
import type { AppConfig } from '@app/core';

const isHealthCheck = (req: IncomingMessage): boolean =>
  (req.url ?? '').split('?')[0].replace(/\/+$/, '') === '/health';

const LOGGED = Symbol('request logged');

/**
 * pino-http logs a request once per time its middleware runs, and Nest mounts it twice for
 * /health: the path excluded from the global prefix ("/health") and the controller route the
 * wildcard covers ("/health/"), both matched with Fastify's ignoreTrailingSlash. Only the
 * first run of the middleware for a request arranges its log line.
 */
function seenBefore(req: IncomingMessage): boolean {
  const marked = req as IncomingMessage & { [LOGGED]?: true };
  if (marked[LOGGED]) return true;
  marked[LOGGED] = true;
  return false;
}

/**
 * One line per request, at info; a probe's healthy /health at debug (load balancers poll it
 * every few seconds). Pretty lines when stdout is a terminal and pino-pretty (a
 * devDependency) is installed; JSON otherwise.
 */
export async function loggerParams(
  config: Pick<AppConfig, 'logLevel'>,
  stdout: NodeJS.WriteStream = process.stdout,
): Promise<Params> {
  const options = {
    level: config.logLevel,
    // Fastify assigns req.id (see FASTIFY_OPTIONS.genReqId); pino-http logs it.
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    autoLogging: { ignore: seenBefore },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, err?: Error): LevelWithSilent => {
      if (err || res.statusCode >= 500) return 'error';
      return isHealthCheck(req) ? 'debug' : 'info';
    },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
  const pretty = stdout.isTTY ? await prettyStream() : undefined;
  return { pinoHttp: pretty ? [options, pretty] : options };
}

async function prettyStream(): Promise<DestinationStream | undefined> {
  let pinoPretty: (typeof import('pino-pretty'))['build'];
  try {
    ({ build: pinoPretty } = await import('pino-pretty'));
  } catch {
    return undefined; // a production install: JSON
  }
  return pinoPretty({
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context,req,res,responseTime',
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      if (req && res) {
        return `${req.method} ${req.url} ${res.statusCode} ${String(log.responseTime)} ms`;
      }
      const context = typeof log.context === 'string' ? `[${log.context}] ` : '';
      return `${context}${String(log[messageKey])}`;
    },
  });
}

/** Nest's own start-up chatter (a line per module and per route) is debug, not info. */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

export class AppLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params[params.length - 1];
    if (typeof context === 'string' && BOOT_CONTEXTS.has(context)) {
      this.logger.debug(message, ...params);
    } else {
      this.logger.log(message, ...params);
    }
  }
  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(message, ...params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(message, ...params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(message, ...params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.verbose(message, ...params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal(message, ...params);
  }
}
