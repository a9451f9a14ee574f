/** Bare BullMQ: 10,000 no-op jobs added with addBulk, processed at the given concurrency; prints jobs/s. */
import { Queue, Worker } from 'bullmq';
import { createRedis } from '../../workers/redis.ts';

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `${process.env.BENCH_PREFIX ?? 'potret-bench'}-noop`;
const count = Number(process.env.BENCH_NOOP_JOBS ?? 10_000);
const concurrency = Number(process.env.BENCH_NOOP_CONCURRENCY ?? 50);

const producer = createRedis(redisUrl);
const consumer = createRedis(redisUrl);
const queue = new Queue('noop', { connection: producer, prefix });
let done = 0;
let finished: () => void = () => {};
const allDone = new Promise<void>((resolve) => {
  finished = resolve;
});
const worker = new Worker('noop', async () => {}, {
  connection: consumer,
  prefix,
  concurrency,
  autorun: false,
});
worker.on('completed', () => {
  done += 1;
  if (done === count) finished();
});
worker.on('error', () => {});
const started = performance.now();
for (let start = 0; start < count; start += 1000) {
  await queue.addBulk(
    Array.from({ length: Math.min(1000, count - start) }, (_, i) => ({
      name: 'noop',
      data: { i: start + i },
      opts: { removeOnComplete: true },
    })),
  );
}
void worker.run();
await allDone;
const seconds = (performance.now() - started) / 1000;
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
await producer.quit();
await consumer.quit();
process.stdout.write(`${JSON.stringify({ jobsPerSecond: count / seconds, seconds })}\n`);
