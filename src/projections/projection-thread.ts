import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { createRemoteProjections, type RemoteProjectionState } from '../api/remote-projections';
import type { Config } from '../config/config';
import type { EventStore } from '../eventstore/types';
import type { Publisher } from '../realtime/publisher';
import { workerSource } from '../threads/worker-source';
import { allProjections } from './all-projections';
import type { ProjectionRunner } from './projection-runner';
import type { FromProjectionThread, ProjectionThreadData, ToProjectionThread } from './projection-thread-messages';
import type { ReadStore } from './read-store';

export interface ProjectionThreadOptions {
  config: Config;
  /** This thread's stores: the routes' queries and read-your-writes read them. */
  store: EventStore;
  readStore: ReadStore;
  /** Where the thread's pushes go (this process's Socket.IO server). */
  publisher: Publisher;
  log: Logger;
  /** How long a thread that does not stop when asked is given before it is ended. */
  stopTimeoutMs?: number;
  /** How long after the thread dies it is started again. */
  restartDelayMs?: number;
}

export type ProjectionThread = ProjectionRunner & {
  /** The thread running now (none while it is being started again). */
  thread(): Worker | undefined;
};

/**
 * Every projection, run on a worker thread of this process (the `all` role): their batches —
 * reading the log, folding documents, writing them — never hold up this thread's event loop,
 * which serves the API. The thread opens the stores on its own connections; in the embedded
 * file it writes the read models while this thread appends events (WAL; the two take turns at
 * the write lock without sleeping on it, see sqlite-write-turn.ts). It hands over each batch's pushes, published here, and
 * each commit, which wakes reads waiting for `minPosition`. Seen from the routes it is a
 * ProjectionRunner like any other: checkpoints and lag come from the read store, states from
 * the thread. A thread that dies is started again from the checkpoints.
 */
export function createProjectionThread(options: ProjectionThreadOptions): ProjectionThread {
  const { config, store, publisher, log } = options;
  const states = new Map<string, RemoteProjectionState>();
  const listeners = new Set<() => void>();
  const moved = (): void => {
    for (const listener of [...listeners]) listener();
  };
  const view = createRemoteProjections({
    store,
    readStore: options.readStore,
    projections: allProjections,
    states: async () => states,
    onMove: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hasFailed: (name) => states.get(name)?.state === 'failed',
  });
  let worker: Worker | undefined;
  let stopping = false;
  let restart: NodeJS.Timeout | undefined;
  let unwatch: (() => void) | undefined;
  const send = (message: ToProjectionThread): void => worker?.postMessage(message);

  function onMessage(message: FromProjectionThread, ready: () => void): void {
    switch (message.type) {
      case 'ready':
        ready();
        break;
      case 'pushes':
        for (const push of message.pushes) publisher.publish(push);
        break;
      case 'moved':
        states.set(message.name, { state: message.state, ...(message.failure ? { failure: message.failure } : {}) });
        moved();
        break;
    }
  }

  /** Starts the thread; resolves once its projections run. The first start fails if the thread ends before; later ones try again. */
  function spawn(first: boolean): Promise<void> {
    const { source, eval: isEval } = workerSource(__dirname, 'projection-thread-worker');
    const data: ProjectionThreadData = { config, log: { level: log.level, bindings: log.bindings() } };
    const thread = new Worker(source, { eval: isEval, workerData: data });
    worker = thread;
    return new Promise<void>((resolve, reject) => {
      let started = false;
      thread.on('message', (message: FromProjectionThread) =>
        onMessage(message, () => {
          started = true;
          resolve();
        }),
      );
      thread.on('error', (error) => log.error({ err: error }, 'projection thread failed'));
      thread.once('exit', (code) => {
        if (worker === thread) worker = undefined;
        if (stopping) return;
        const failure = { position: 'unknown', error: `the projection thread ended (exit code ${code})` };
        for (const projection of allProjections) states.set(projection.name, { state: 'failed', failure });
        moved();
        if (first && !started) return reject(new Error(failure.error));
        log.error({ code }, 'projection thread ended; starting it again from the checkpoints');
        restart = setTimeout(() => void spawn(false), options.restartDelayMs ?? 1000);
      });
    });
  }

  return {
    ...view,
    thread: () => worker,
    async start() {
      stopping = false;
      await view.start();
      await spawn(true);
      // Each commit of this process's appends wakes the thread's subscriptions at once.
      unwatch = store.watchStreams?.(() => send({ type: 'grew' }));
    },
    async stop() {
      stopping = true;
      clearTimeout(restart);
      unwatch?.();
      const thread = worker;
      if (thread) {
        const ended = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
        send({ type: 'stop' });
        const deadline = setTimeout(() => void thread.terminate(), options.stopTimeoutMs ?? 10_000);
        await ended;
        clearTimeout(deadline);
      }
      await view.stop();
    },
  };
}
