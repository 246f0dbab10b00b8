import autocannon from 'autocannon';
import type { ServerProcess } from './proc.ts';

export interface Figures {
  name: string;
  requestsPerSec: number;
  latencyMs: { p50: number; p99: number; max: number };
  requests: number;
  errors: number;
  cpuMsPerRequest: number;
  rssMb: number;
  peakRssMb: number;
  ratioToBaseline?: number;
}

/** One kind of request of a load: its body is made fresh for every request. */
export interface RequestKind {
  path: string;
  weight: number;
  body: () => string;
  /** Whether the response counts as a success (unipay answers HTTP 200 with a code). */
  ok?: (status: number, body: string) => boolean;
}

const unipayOk = (status: number, body: string) => status === 200 && body.startsWith('{"code":0,');

/** Picks a request kind by weight for each request. */
function chooser(kinds: RequestKind[]): () => RequestKind {
  const total = kinds.reduce((s, k) => s + k.weight, 0);
  return () => {
    let r = Math.random() * total;
    for (const k of kinds) if ((r -= k.weight) < 0) return k;
    return kinds[kinds.length - 1]!;
  };
}

async function cannon(url: string, kinds: RequestKind[], seconds: number, connections: number) {
  const pick = chooser(kinds);
  let badAnswers = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req: any, context: any) => {
          const k = pick();
          context.kind = k;
          return { ...req, path: k.path, body: k.body() };
        },
        onResponse: (status: number, body: string, context: any) => {
          if (!(context.kind.ok ?? unipayOk)(status, body)) badAnswers++;
        },
      },
    ],
  } as any);
  return { result, badAnswers };
}

/**
 * Loads a server process for a fixed time after a warm-up that is not counted, and reports
 * throughput, latency, answers that were not successes, and the server's CPU time and memory.
 */
export async function measure(name: string, server: ServerProcess, kinds: RequestKind[], opts: { seconds: number; warmupSeconds: number; connections: number }): Promise<Figures> {
  process.stderr.write(`bench: ${name}\n`);
  if (opts.warmupSeconds > 0) await cannon(server.url, kinds, opts.warmupSeconds, opts.connections);
  const cpu0 = server.cpuSeconds();
  const { result, badAnswers } = await cannon(server.url, kinds, opts.seconds, opts.connections);
  const cpu1 = server.cpuSeconds();
  const requests = result.requests.total;
  const mem = server.memory();
  return {
    name,
    requestsPerSec: Math.round(requests / opts.seconds),
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    requests,
    errors: result.errors + result.timeouts + result.non2xx + badAnswers,
    cpuMsPerRequest: requests ? Math.round(((cpu1 - cpu0) * 1000 * 1000) / requests) / 1000 : 0,
    rssMb: mem.rssMb,
    peakRssMb: mem.peakRssMb,
  };
}
