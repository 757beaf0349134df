import pino from 'pino';
import { closeRedisClient, createRedisClient, withDroppedPublishFailures } from '../../src/realtime/redis-clients';

const log = pino({ level: 'silent' });

describe('redis clients of the realtime channel', () => {
  it('turns a failed publish into a logged drop instead of a rejection nobody handles', async () => {
    const client = createRedisClient({ redisUrl: 'redis://127.0.0.1:6379', log, name: 'test' });
    const publishing = withDroppedPublishFailures(client, log);
    await expect(publishing.publish('realtime-test', 'before')).resolves.toEqual(expect.any(Number));

    await closeRedisClient(client);
    await expect(client.publish('realtime-test', 'after')).rejects.toThrow();
    await expect(publishing.publish('realtime-test', 'after')).resolves.toBe(0);
  });
});
