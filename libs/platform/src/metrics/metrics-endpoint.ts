import cluster from 'node:cluster';
import type http from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AggregatorRegistry } from 'prom-client';
import { AppEnv } from '../config/env';
import { Metrics } from './metrics';
import { type MetricsListen, portOf, serveMetrics } from './metrics-server';

const listenOf = (env: AppEnv, port: number): MetricsListen => ({ port, host: env.metricsHost, token: env.metricsToken });

/**
 * Serves this process's metrics when `METRICS_PORT` is set. An API process of a Node cluster
 * serves none itself: it hands its registry to the cluster's primary, which serves the sum of all.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: http.Server | undefined;

  constructor(
    private readonly env: AppEnv,
    private readonly metrics: Metrics,
  ) {}

  /** The port it listens on (for METRICS_PORT=0, the one the system chose); undefined when not serving. */
  get port(): number | undefined {
    return this.server && portOf(this.server);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.metricsPort === undefined) return;
    if (cluster.isWorker) {
      AggregatorRegistry.setRegistries([this.metrics.registry]);
      new AggregatorRegistry(); // answers the primary's requests from now on
      return;
    }
    const { registry } = this.metrics;
    this.server = await serveMetrics(listenOf(this.env, this.env.metricsPort), async () => ({ body: await registry.metrics(), contentType: registry.contentType }));
    new Logger('Metrics').log(`${this.metrics.service} metrics at http://${this.env.metricsHost}:${this.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The primary of a clustered API: one endpoint for all its processes, each process's figures summed. */
export async function serveClusterMetrics(env: AppEnv): Promise<void> {
  if (env.metricsPort === undefined) return;
  const aggregator = new AggregatorRegistry();
  await serveMetrics(listenOf(env, env.metricsPort), async () => ({ body: await aggregator.clusterMetrics(), contentType: aggregator.contentType }));
}
