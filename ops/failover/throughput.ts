/*
 * Requests per second of a database-bound route on one app node and on two, each behind HAProxy
 * (drill.sh --throughput starts the formation, the nodes and HAProxy, then runs this).
 * The route is GET /api/learn/me/enrolments as a signed-in learner: the session is looked up
 * and the enrolments read, each in a tenant transaction. One node and the pair take turns,
 * a few rounds each, and the medians are compared: the machine is shared and noisy.
 *
 *   tsx ops/failover/throughput.ts <HAProxy with one node: port> <HAProxy with both: port>
 * Environment: SITE_HOST, STATE_DIR (load.ts setup's sessions); THROUGHPUT_SECONDS, THROUGHPUT_ROUNDS;
 * THROUGHPUT_NODE_CPU (set by drill.sh when the nodes are held to a share of a core, for the report).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { runLoad } from '../../bench/lib/load.js';
import { median } from '../../bench/lib/report.js';

const [onePort, pairPort] = process.argv.slice(2).map(Number);
if (!onePort || !pairPort) {
  console.error('usage: tsx ops/failover/throughput.ts <HAProxy with one node: port> <HAProxy with both: port>');
  process.exit(2);
}
const seconds = Number(process.env.THROUGHPUT_SECONDS ?? 8);
const rounds = Number(process.env.THROUGHPUT_ROUNDS ?? 2);
const { learners } = JSON.parse(readFileSync(path.join(process.env.STATE_DIR!, 'setup.json'), 'utf8')) as { learners: { cookie: string }[] };
const route = '/api/learn/me/enrolments';

async function measure(port: number): Promise<number> {
  const result = await runLoad({ port, path: route, durationSec: seconds, connections: 32, pipelining: 1, headers: { host: `${process.env.SITE_HOST}:${port}`, cookie: learners[0]!.cookie } });
  const failed = result.failures.non2xx + result.failures.errors + result.failures.timeouts;
  if (failed > 0) throw new Error(`throughput: ${failed} requests to port ${port} failed; the figure would not be one of this route`);
  return result.requestsPerSec;
}

// A short warm-up of both paths (the nodes' first requests compile and fill caches).
await runLoad({ port: pairPort, path: route, durationSec: 2, connections: 8, pipelining: 1, headers: { host: `${process.env.SITE_HOST}:${pairPort}`, cookie: learners[0]!.cookie } });
const one: number[] = [];
const pair: number[] = [];
for (let round = 0; round < rounds; round++) {
  one.push(await measure(onePort));
  pair.push(await measure(pairPort));
}
const ratio = median(pair) / median(one);
const nodeCpu = process.env.THROUGHPUT_NODE_CPU;
const setting = nodeCpu
  ? `each app node held to ${nodeCpu} of a core, beside PostgreSQL, HAProxy and the load generator on ${availableParallelism()} cores`
  : `${availableParallelism()} cores shared by PostgreSQL, both nodes, HAProxy and the load generator`;
console.log(`throughput with ${setting}, GET ${route} (${rounds} rounds of ${seconds} s, 32 connections): one node behind HAProxy ${median(one).toFixed(0)}/s, two nodes behind HAProxy ${median(pair).toFixed(0)}/s, ratio ${ratio.toFixed(2)} (target 1.8)`);
