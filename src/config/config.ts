import cron from 'node-cron';
import { z } from 'zod';
import { isTimeZone } from '../domain/time-zone';

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const optionalUrl = z.preprocess((v) => (v === '' ? undefined : v), z.string().url().optional());
/** A client connection string: one of `schemes`, then one host or several (`esdb://a:2113,b:2113?tls=false`), which a URL parser refuses. */
const connectionString = (...schemes: string[]) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(new RegExp(`^(${schemes.join('|').replaceAll('+', '\\+')})://[^\\s/?#,]+(,[^\\s/?#,]+)*(/[^\\s?#]*)?(\\?\\S*)?$`), `must be a connection string starting ${schemes.map((scheme) => `${scheme}://`).join(', ')}`)
      .optional(),
  );
/** `https://pos.example.com,https://kds.example.com`: exact origins (scheme, host, port), comma-separated. */
const originList = z
  .string()
  .default('')
  .transform((v) => v.split(',').map((o) => o.trim()).filter((o) => o !== ''))
  .refine((origins) => origins.every((o) => URL.canParse(o) && new URL(o).origin === o), 'must be origins such as https://pos.example.com, comma-separated');
const cronExpression = (fallback: string) => z.string().refine((v) => cron.validate(v), 'must be a cron expression (5 or 6 fields)').default(fallback);

/** Every environment variable the system reads (`.env.example` lists and explains them). */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4001),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  JWT_SECRET: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
  ACCESS_TOKEN_TTL_SECONDS: int(900),
  REFRESH_TOKEN_TTL_DAYS: int(30),
  EVENTSTORE_URL: connectionString('esdb', 'esdb+discover', 'kurrentdb', 'kurrentdb+discover'),
  REDIS_URL: optionalUrl,
  MONGODB_URL: connectionString('mongodb', 'mongodb+srv'),
  LOGIN_RATE_LIMIT_PER_ACCOUNT: int(10),
  LOGIN_RATE_LIMIT_PER_IP: int(100),
  SIGNUP_RATE_LIMIT_PER_IP: int(20),
  RATE_LIMIT_WINDOW_SECONDS: int(900),
  CORS_ORIGINS: originList,
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  SHUTDOWN_TIMEOUT_MS: int(10_000),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  JOBS_TIMEZONE: z.string().refine(isTimeZone, 'must be an IANA time zone').default('UTC'),
  BACKUP_CRON: cronExpression('30 3 * * *'),
  BACKUP_KEEP: int(7),
  PURGE_CRON: cronExpression('0 4 * * *'),
  DAY_CLOSE_CRON: cronExpression('* * * * *'),
  DAILY_EXPORT_CRON: cronExpression('0 5 * * *'),
  SESSION_PURGE_AFTER_DAYS: int(30),
  EXPORT_JOB_CONCURRENCY: int(1),
  POS_ROLE: z.enum(['all', 'api', 'projector', 'worker']).default('all'),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or :_.-').default('pos:'),
  PROJECTIONS: z.string().regex(/^[a-z0-9-]*(,[a-z0-9-]+)*$/, 'must be projection names separated by commas').default(''),
  PROJECTION_LEASE_TTL_MS: int(5000, 500),
  PROJECTION_THREAD: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parsed once at start-up; a wrong value stops the process with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`));
  }
  // An api process gets its pushes from a projector elsewhere, and a projector has no sockets.
  if ((result.data.POS_ROLE === 'api' || result.data.POS_ROLE === 'projector') && !result.data.REDIS_URL) {
    throw new ConfigError([`REDIS_URL: the ${result.data.POS_ROLE} role needs Redis to carry pushes between processes (got ${JSON.stringify(env.REDIS_URL)})`]);
  }
  return result.data;
}

export const CONFIG_VARIABLES = Object.keys(schema.shape);
