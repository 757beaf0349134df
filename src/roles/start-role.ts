import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { startServer } from '../server';
import { startProjector } from './projector-role';
import type { RunningRole } from './running-role';
import { startWorker } from './worker-role';

/** Starts what POS_ROLE (or `--role`) names: `all` (the default), `api`, `projector` or `worker`. */
export function startRole(config: Config, log: Logger): Promise<RunningRole> {
  switch (config.POS_ROLE) {
    case 'all':
    case 'api':
      return startServer(config, log);
    case 'projector':
      return startProjector(config, log);
    case 'worker':
      return startWorker(config, log);
  }
}

/** `--role api` or `--role=api` on the command line, which wins over POS_ROLE; undefined without one. */
export function roleArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--role') return argv[i + 1] ?? '';
    if (arg.startsWith('--role=')) return arg.slice('--role='.length);
  }
  return undefined;
}
