// One measurement of a peer PostgreSQL job queue, run by ExtractApi.Benchmarks on the same PostgreSQL cluster in the
// same run as ExtractApi's own engine, with the same trivial job: the SHA-256 of the job's JSON payload.
//
//   node queue-bench.mjs <graphile-worker|pg-boss> <connection string> throughput <jobs> <single|batch>
//   node queue-bench.mjs <graphile-worker|pg-boss> <connection string> latency <samples>
//
// throughput: after a warm-up (2,000 jobs drained unmeasured), <jobs> jobs are inserted in bulk before any worker
//   runs; jobs/s counts from the first job's start to the last job's completion.
//   single = one job per fetch, 16 in flight; batch = fetches of 100, 100 in flight.
// latency: one job at a time into an idle, listening worker; from just before the insert call to the job's start.
// A throughput run prints "ready" once its jobs are inserted and starts its workers on the next line of its standard
// input (the benchmark snapshots the cluster's counters in between); cpuMs is this process's CPU time from then on.
// Prints one JSON object on stdout.
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Logger, makeWorkerUtils, run } from "graphile-worker";
import { PgBoss } from "pg-boss";

const [peer, connectionString, measure, countText, mode = "single"] = process.argv.slice(2);
const count = Number(countText);
if (!connectionString || !["throughput", "latency"].includes(measure) || !(count > 0) || !["single", "batch"].includes(mode)) {
  console.error("usage: node queue-bench.mjs <graphile-worker|pg-boss> <connection string> <throughput <jobs> <single|batch> | latency <samples>>");
  process.exit(2);
}
const digest = (payload) => createHash("sha256").update(JSON.stringify(payload)).digest("hex");
const batch = mode === "batch";
const inFlight = batch ? 100 : 16;
// Throughput runs first drain this many jobs unmeasured, in the same process, so the measured run finds the JIT warm.
const warmup = Math.min(2000, count);
const silent = { debug() {}, info() {}, warn() {}, error: (m) => console.error(m) };

// Counts completions; resolves when `expected` jobs are done, with the first start and the last completion.
function tracker(expected) {
  let done = 0, first = null;
  let resolve;
  const finished = new Promise((r) => (resolve = r));
  return {
    started() { first ??= performance.now(); },
    completed(n = 1) { done += n; if (done >= expected) resolve({ first, last: performance.now() }); },
    finished,
  };
}

async function ready() {
  process.stdout.write("ready\n");
  await new Promise((resolve) => process.stdin.once("data", () => { process.stdin.pause(); resolve(); }));
  return process.cpuUsage();
}

const cpuMs = (since) => { const used = process.cpuUsage(since); return (used.user + used.system) / 1000; };

// A throughput run of either peer: the warm-up drained unmeasured, then the measured jobs inserted, the benchmark
// told (its cost snapshot), and the jobs drained; the CPU time counts until the queue is closed.
async function throughput(insert, drain, close) {
  await insert(warmup);
  await drain(warmup);
  await insert(count);
  const cpu = await ready();
  const { first, last } = await drain(count);
  await close();
  const seconds = (last - first) / 1000;
  return { jobs: count, seconds, jobsPerSecond: count / seconds, cpuMs: cpuMs(cpu) };
}

function percentile(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]; }

async function graphileWorker() {
  const utils = await makeWorkerUtils({ connectionString });
  await utils.migrate();
  const logger = new Logger(() => () => {});
  if (measure === "throughput") {
    const insert = async (n) => {
      for (let i = 0; i < n; i += 10_000) {
        await utils.addJobs(Array.from({ length: Math.min(10_000, n - i) }, (_, k) => ({ identifier: "digest", payload: { n: i + k } })));
      }
    };
    // Graphile Worker completes a job in the same round trip as it fetches the next unless told to batch: batch mode
    // uses its local queue (jobs fetched and locked 100 at a time) and batched completions.
    const drain = async (n) => {
      const track = tracker(n);
      const runner = await run({
        connectionString, concurrency: inFlight, noHandleSignals: true, pollInterval: 1000, logger,
        taskList: { digest: async (payload) => { track.started(); digest(payload); track.completed(); } },
        preset: batch ? { worker: { localQueue: { size: 100 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } } : undefined,
      });
      const span = await track.finished;
      await runner.stop();
      return span;
    };
    return throughput(insert, drain, () => utils.release());
  }
  let onStart = null;
  const runner = await run({
    connectionString, concurrency: 16, noHandleSignals: true, pollInterval: 1000, logger,
    taskList: { digest: async (payload) => { onStart?.(performance.now()); digest(payload); } },
  });
  await new Promise((r) => setTimeout(r, 1000)); // the listener connects; the worker goes idle
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const started = new Promise((r) => (onStart = r));
    const before = performance.now();
    await utils.addJob("digest", { n: i });
    latencies.push((await started) - before);
    await new Promise((r) => setTimeout(r, 5)); // let the worker go idle again
  }
  await runner.stop();
  await utils.release();
  return latencyResult(latencies);
}

async function pgBoss() {
  // Stats refreshed every second: pg-boss drains a backlog continuously ("burst") only while its cached ready count
  // says there is one; otherwise each worker waits its polling interval (at least 0.5 s) after every fetch.
  const boss = new PgBoss({ connectionString, monitorIntervalSeconds: 1, queueCacheIntervalSeconds: 1, superviseIntervalSeconds: 1 });
  boss.on("error", (e) => console.error(e));
  await boss.start();
  await boss.createQueue("digest", { notify: true });
  if (measure === "throughput") {
    const insert = async (n) => {
      for (let i = 0; i < n; i += 10_000) {
        await boss.insert("digest", Array.from({ length: Math.min(10_000, n - i) }, (_, k) => ({ data: { n: i + k } })));
      }
      await new Promise((r) => setTimeout(r, 2500)); // the ready count reaches the cache
    };
    const drain = async (n) => {
      const track = tracker(n);
      await boss.work("digest", {
        batchSize: batch ? 100 : 1, localConcurrency: batch ? 1 : inFlight, pollingIntervalSeconds: 0.5,
        burstWhenReadyExceeds: 1, burstWhenBatchFull: batch,
      }, async (jobs) => {
        track.started();
        for (const job of jobs) digest(job.data);
        track.completed(jobs.length);
      });
      const span = await track.finished;
      await boss.offWork("digest", { wait: true });
      return span;
    };
    return throughput(insert, drain, () => boss.stop({ graceful: true, wait: true, timeout: 30_000 }));
  }
  let onStart = null;
  await boss.work("digest", { batchSize: 1, localConcurrency: 16, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    onStart?.(performance.now());
    for (const job of jobs) digest(job.data);
  });
  await new Promise((r) => setTimeout(r, 1000));
  const latencies = [];
  for (let i = 0; i < count; i++) {
    const started = new Promise((r) => (onStart = r));
    const before = performance.now();
    await boss.send("digest", { n: i });
    latencies.push((await started) - before);
    await new Promise((r) => setTimeout(r, 5));
  }
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
  return latencyResult(latencies);
}

function latencyResult(latencies) {
  latencies.sort((a, b) => a - b);
  return { samples: latencies.length, medianMs: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), maxMs: latencies.at(-1) };
}

const result = peer === "graphile-worker" ? await graphileWorker() : peer === "pg-boss" ? await pgBoss() : null;
if (!result) { console.error(`unknown peer ${peer}`); process.exit(2); }
process.stdout.write(JSON.stringify({ peer, measure, mode, ...result }) + "\n");
process.exit(0);
