import { createEsdbEventStore } from '../../src/eventstore/esdb-event-store';
import { runEventStoreConformance } from './conformance';

// Needs a running EventStoreDB/KurrentDB, e.g. EVENTSTORE_URL=esdb://localhost:2113?tls=false.
// Each conformance test uses its own random tenant prefix, so a shared server is fine.
const url = process.env.EVENTSTORE_URL;

if (url) {
  runEventStoreConformance('EventStoreDB', async () => ({
    store: createEsdbEventStore({ connectionString: url }),
    cleanup: async () => {},
  }));
} else {
  describe('EventStoreDB adapter', () => {
    it('skipped: EVENTSTORE_URL is not set', () => {
      console.warn('EventStoreDB conformance suite skipped: set EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false) to run it');
    });
  });
}
