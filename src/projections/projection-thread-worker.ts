/**
 * The projection thread (started by projection-thread.ts): opens the stores on its own
 * connections, runs every projection, and hands its pushes and progress to the process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createLogger } from '../logger';
import type { Push } from '../realtime/publisher';
import { createStores } from '../stores';
import { allProjections } from './all-projections';
import { createProjectionRunner } from './projection-runner';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread-messages';

const port = parentPort!;
const { config, log: logOptions } = workerData as ProjectionThreadData;
const log = createLogger(logOptions.level).child({ ...logOptions.bindings, thread: 'projections' });
const tell = (message: FromProjectionThread): void => port.postMessage(message);

async function main(): Promise<void> {
  const stores = createStores(config, log);
  // A batch publishes its pushes one by one right after its commit: they leave as one message,
  // before the batch's commit is told (a read waiting on minPosition is answered after its pushes).
  let pushes: Push[] = [];
  const sendPushes = (): void => {
    if (pushes.length === 0) return;
    tell({ type: 'pushes', pushes });
    pushes = [];
  };
  const runner = createProjectionRunner({
    store: stores.store,
    readStore: stores.readStore,
    projections: allProjections,
    log,
    publisher: {
      publish(push) {
        if (pushes.length === 0) queueMicrotask(sendPushes);
        pushes.push(push);
      },
      close: async () => undefined,
    },
    onChange(name, state, failure) {
      sendPushes();
      tell({ type: 'moved', name, state, ...(failure ? { failure } : {}) });
    },
  });
  port.on('message', (message: ToProjectionThread) => {
    if (message.type === 'grew') stores.store.logGrew?.();
    else if (message.type === 'stop') {
      void runner
        .stop()
        .then(() => stores.close())
        .catch((error: unknown) => log.error({ err: error }, 'projection thread did not stop cleanly'))
        .finally(() => port.close());
    }
  });
  await runner.start();
  tell({ type: 'ready' });
}

main().catch((error: unknown) => {
  log.error({ err: error }, 'projection thread could not start');
  throw error;
});
