import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createMongoReadStore } from '../../src/projections/mongo-read-store';
import { runReadStoreConformance } from './read-store-conformance';

const url = process.env.MONGODB_URL;

if (url) {
  runReadStoreConformance('MongoDB', async () => {
    const dbName = `pos_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const readStore = createMongoReadStore({ url, dbName });
    await readStore.connect();
    return {
      readStore,
      // The store is closed by the suite first, so the database is dropped with a client of its own.
      cleanup: async () => {
        const admin = new MongoClient(url);
        try {
          await admin.db(dbName).dropDatabase();
        } finally {
          await admin.close();
        }
      },
    };
  });
} else {
  describe('ReadStore conformance: MongoDB', () => {
    it('skipped: MONGODB_URL is not set', () => {
      console.warn('MongoDB read store conformance suite skipped: MONGODB_URL is not set');
    });
  });
}
