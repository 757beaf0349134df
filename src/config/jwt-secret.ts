import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';

/**
 * The configured JWT secret, or — for development — one generated once and kept in DATA_DIR so
 * sessions survive restarts. Production must set JWT_SECRET (shared by every API process).
 */
export function resolveJwtSecret(configured: string | undefined, dataDir: string, log: Logger): string {
  if (configured) return configured;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  log.warn({ file }, 'JWT_SECRET is not set: using a development secret kept in DATA_DIR; set JWT_SECRET in production');
  return readFileSync(file, 'utf8').trim();
}
