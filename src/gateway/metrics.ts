/**
 * The gateway's Prometheus metrics, in a registry of its own (passed in, never
 * the global one, so two gateways in one test process do not collide).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'api' | 'decision'>;
  readonly upstreamSeconds: Histogram<'api'>;
  readonly enginePushSeconds: Histogram;
  readonly engineLag: Gauge;
  readonly upstreamErrors: Counter<'kind'>;

  constructor(o: { accountsHeld: () => number; engineFailed: () => boolean; defaults?: boolean }) {
    const registers = [this.registry];
    this.requests = new Counter({ name: 'distillguard_gateway_requests_total', help: 'Requests answered, by API (openai, anthropic, check) and decision', labelNames: ['api', 'decision'], registers });
    this.upstreamSeconds = new Histogram({
      name: 'distillguard_gateway_upstream_seconds',
      help: 'Time from forwarding a request to the last byte of the upstream answer',
      labelNames: ['api'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.enginePushSeconds = new Histogram({
      name: 'distillguard_gateway_engine_push_seconds',
      help: 'Time the engine took to take one completed exchange (a cross-account sweep shows as a long one)',
      buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers,
    });
    this.engineLag = new Gauge({ name: 'distillguard_gateway_engine_lag_seconds', help: 'How long the last exchange waited for and took in the engine after its answer completed', registers });
    this.upstreamErrors = new Counter({ name: 'distillguard_gateway_upstream_errors_total', help: 'Upstream calls with no answer, by kind (unreachable, timeout, aborted)', labelNames: ['kind'], registers });
    new Gauge({ name: 'distillguard_gateway_accounts_held', help: 'Accounts whose state the engine holds', registers, collect() { this.set(o.accountsHeld()); } });
    new Gauge({ name: 'distillguard_gateway_engine_failed', help: '1 when the engine has thrown and the gateway runs in its fail mode', registers, collect() { this.set(o.engineFailed() ? 1 : 0); } });
    if (o.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'distillguard_gateway_' });
  }
}
