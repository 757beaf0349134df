/**
 * The "other requests" of the exports bench, in a process of their own: a steady stream of small
 * GETs (open loop: one every `intervalMs`, whether or not the previous has answered), each one's
 * latency recorded under the phase the parent last named. Answers the latencies when told `report`.
 */
import { performance } from 'node:perf_hooks';

interface Start {
  url: string;
  token: string;
  intervalMs: number;
}

type Message = { start: Start } | { phase: string } | 'report';

const samples = new Map<string, number[]>();
let errors = 0;
let phase = 'warm-up';
let timer: NodeJS.Timeout | undefined;

async function probe(spec: Start, at: string): Promise<void> {
  const started = performance.now();
  try {
    const res = await fetch(spec.url, { headers: { authorization: `Bearer ${spec.token}` } });
    await res.arrayBuffer();
    if (!res.ok) errors++;
    const list = samples.get(at) ?? [];
    list.push(performance.now() - started);
    samples.set(at, list);
  } catch {
    errors++;
  }
}

process.on('message', (message: Message) => {
  if (message === 'report') {
    clearInterval(timer);
    process.send!({ samples: Object.fromEntries(samples), errors });
    samples.clear();
    errors = 0;
  } else if ('phase' in message) {
    phase = message.phase;
  } else {
    const spec = message.start;
    timer = setInterval(() => void probe(spec, phase), spec.intervalMs);
  }
});
process.on('disconnect', () => process.exit(0));
