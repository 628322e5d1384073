/*
 * Requests per second of a database-bound route on one app node and on two, each behind HAProxy
 * (drill.sh --throughput starts the formation, the nodes and HAProxy, then runs this).
 * The route is GET /api/learn/me/enrolments as a signed-in learner: the session is looked up
 * and the enrolments read, each in a tenant transaction. One node and the pair take turns,
 * a few rounds each, and the medians are compared: the machine is shared and noisy.
 *
 *   tsx ops/failover/throughput.ts <HAProxy with one node: port> <HAProxy with both: port> [<node port>:<node pid> ...]
 * With the nodes named, each is also measured alone (straight to its port, no HAProxy) with the
 * CPU time it spends per answer: two nodes scale only as well as the slower one serves.
 * Environment: SITE_HOST, STATE_DIR (load.ts setup's sessions); THROUGHPUT_SECONDS, THROUGHPUT_ROUNDS,
 * THROUGHPUT_CONNECTIONS (64: a node held to a share of a core is throttled in bursts and needs requests in flight);
 * THROUGHPUT_NODE_CPU (set by drill.sh when the nodes are held to a share of a core, for the report).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { failureCount, runLoad } from '../../bench/lib/load.js';
import { median } from '../../bench/lib/report.js';

const [onePort, pairPort] = process.argv.slice(2, 4).map(Number);
const nodes = process.argv.slice(4).map((arg) => {
  const [port, pid] = arg.split(':').map(Number);
  return { port: port!, pid: pid! };
});
if (!onePort || !pairPort) {
  console.error('usage: tsx ops/failover/throughput.ts <HAProxy with one node: port> <HAProxy with both: port> [<node port>:<node pid> ...]');
  process.exit(2);
}
const seconds = Number(process.env.THROUGHPUT_SECONDS ?? 8);
const rounds = Number(process.env.THROUGHPUT_ROUNDS ?? 2);
const connections = Number(process.env.THROUGHPUT_CONNECTIONS ?? 64);
const { learners } = JSON.parse(readFileSync(path.join(process.env.STATE_DIR!, 'setup.json'), 'utf8')) as { learners: { cookie: string }[] };
const route = '/api/learn/me/enrolments';

/** GET of the route through `port` for `durationSec`, and the CPU time of the process `serverPid` per answer when named. */
function load(port: number, durationSec: number, connections: number, serverPid?: number) {
  return runLoad({
    port,
    path: route,
    durationSec,
    connections,
    pipelining: 1,
    headers: { host: `${process.env.SITE_HOST}:${port}`, cookie: learners[0]!.cookie },
    ...(serverPid ? { serverPid } : {}),
  });
}

async function measure(port: number, serverPid?: number) {
  const result = await load(port, seconds, connections, serverPid);
  const failed = failureCount(result);
  if (failed > 0) throw new Error(`throughput: ${failed} requests to port ${port} failed; the figure would not be one of this route`);
  return result;
}

// A warm-up of both paths, and of each node by itself where they are named (a node's first
// requests compile and fill caches; held to a share of a core, that takes seconds).
for (const node of nodes) await load(node.port, 4, 8);
await load(pairPort, 2, 8);
const one: number[] = [];
const pair: number[] = [];
const oneCpuUs: number[] = [];
for (let round = 0; round < rounds; round++) {
  const through = await measure(onePort, nodes[0]?.pid);
  one.push(through.requestsPerSec);
  oneCpuUs.push(through.serverCpuUsPerRequest ?? Number.NaN);
  pair.push((await measure(pairPort)).requestsPerSec);
}
const alone = nodes.map(() => ({ perSec: [] as number[], cpuUs: [] as number[] }));
for (let round = 0; round < rounds; round++) {
  for (const [i, node] of nodes.entries()) {
    const result = await measure(node.port, node.pid);
    alone[i]!.perSec.push(result.requestsPerSec);
    alone[i]!.cpuUs.push(result.serverCpuUsPerRequest ?? Number.NaN);
  }
}
if (nodes.length > 0) console.log(`node 1 behind HAProxy: ${median(oneCpuUs).toFixed(0)} µs of CPU per answer`);
for (const [i, node] of alone.entries()) {
  console.log(`node ${i + 1} alone (its own port, no HAProxy): ${median(node.perSec).toFixed(0)}/s, ${median(node.cpuUs).toFixed(0)} µs of CPU per answer`);
}
const ratio = median(pair) / median(one);
const nodeCpu = process.env.THROUGHPUT_NODE_CPU;
const setting = nodeCpu
  ? `each app node held to ${nodeCpu} of a core, beside PostgreSQL, HAProxy and the load generator on ${availableParallelism()} cores`
  : `${availableParallelism()} cores shared by PostgreSQL, both nodes, HAProxy and the load generator`;
console.log(`throughput with ${setting}, GET ${route} (${rounds} rounds of ${seconds} s, ${connections} connections): one node behind HAProxy ${median(one).toFixed(0)}/s, two nodes behind HAProxy ${median(pair).toFixed(0)}/s, ratio ${ratio.toFixed(2)} (target 1.8)`);
