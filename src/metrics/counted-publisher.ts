import type { Publisher } from '../realtime/publisher';
import type { Metrics } from './metrics';

/** The same publisher, counting each push it is given (the fan-out counter of /metrics). */
export function countedPublisher(publisher: Publisher, metrics: Metrics): Publisher {
  return {
    publish(push) {
      metrics.pushes.inc({ namespace: push.namespace, event: push.event });
      publisher.publish(push);
    },
    close: () => publisher.close(),
  };
}
