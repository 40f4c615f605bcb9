import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics (prom-client), served at /metrics by `regua serve`: HTTP
 * latency by route, the daily run's duration and actions, the outbox's depth by status and
 * channel (read from the database at each scrape), delivery attempts and failures, and Node's
 * own (event-loop lag, heap, GC).
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'regua_' });

const httpDuration = new Histogram({
  name: 'regua_http_request_duration_seconds',
  help: 'HTTP request latency by route pattern, method and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const runDuration = new Histogram({
  name: 'regua_daily_run_duration_seconds',
  help: 'Duration of an organisation daily run (decide and deliver)',
  buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [registry],
});

const runActions = new Counter({
  name: 'regua_daily_run_actions_total',
  help: 'Actions decided by daily runs, by kind',
  labelNames: ['action'] as const,
  registers: [registry],
});

const deliveries = new Counter({
  name: 'regua_delivery_attempts_total',
  help: 'Delivery attempts by outcome (sent, failed, retried, deferred, held, cancelled)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const outboxDepth = new Gauge({
  name: 'regua_outbox_messages',
  help: 'Messages in the outbox by status and channel',
  labelNames: ['status', 'channel'] as const,
  registers: [registry],
});

export function observeHttp(method: string, route: string, status: number, seconds: number): void {
  httpDuration.observe({ method, route, status: String(status) }, seconds);
}

export function observeRun(seconds: number, actions: Record<string, number>): void {
  runDuration.observe(seconds);
  for (const [action, n] of Object.entries(actions)) if (n > 0) runActions.inc({ action }, n);
}

export function countDeliveries(summary: Record<string, number>): void {
  for (const [outcome, n] of Object.entries(summary)) if (n > 0) deliveries.inc({ outcome }, n);
}

export function setOutboxDepth(rows: readonly { status: string; channel: string; n: number }[]): void {
  outboxDepth.reset();
  for (const row of rows) outboxDepth.set({ status: row.status, channel: row.channel }, row.n);
}
