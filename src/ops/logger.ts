import pino, { type Logger } from 'pino';

/** Paths that may hold secrets anywhere they are logged. */
const REDACT = [
  'sign', 'signSecret', 'secret', 'password', 'masterKey', 'privateKey', 'apiKey',
  '*.sign', '*.signSecret', '*.secret', '*.password', '*.privateKey', '*.apiKey',
  'req.headers.authorization', 'req.headers.sign', 'req.headers.key',
];

/**
 * Logs go to stdout through an asynchronous, buffered destination: a synchronous write per
 * request line was the largest single cost of a cheap request. Lines still buffered when the
 * process is killed outright are lost; a graceful shutdown flushes them.
 */
export function createLogger(level: string): Logger {
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'unipay' } }, destination);
}

/** Writes out buffered log lines (before exit). */
export function flushLogs(logger: Logger): void {
  try {
    logger.flush();
  } catch {
    // nothing buffered, or stdout already closed
  }
}
