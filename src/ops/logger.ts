import pino, { type Logger } from 'pino';

/** Paths that may hold secrets anywhere they are logged. */
const REDACT = [
  'sign', 'signSecret', 'secret', 'password', 'masterKey', 'privateKey', 'apiKey',
  '*.sign', '*.signSecret', '*.secret', '*.password', '*.privateKey', '*.apiKey',
  'req.headers.authorization', 'req.headers.sign', 'req.headers.key',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'unipay' } });
}
