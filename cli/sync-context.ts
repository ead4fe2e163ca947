import { Logger } from '@aws-lambda-powertools/logger';
import type { SyncConfig } from '../lambda/config';
import type { EventContext } from '../lambda/events/order-event';
import { EventPublisher } from '../lambda/events/publisher';
import { OrderStore } from '../lambda/stores/order-store';
import { RejectedRecordStore } from '../lambda/stores/rejected-record-store';
import { emptyCounters } from '../lambda/sync/counters';
import type { PageProcessorDeps } from '../lambda/sync/page-processor';
import { TripsterClient } from '../lambda/tripster/client';
import type { AwsClients } from './aws/clients';

/**
 * Returns what every event of the deployment shares. The CloudEvents
 * `source` is the orders URL that the function's Tripster client builds,
 * so a replayed event has the same source and id as the original.
 */
export function eventContextOf(config: SyncConfig): EventContext {
  const client = new TripsterClient({
    apiBase: config.apiBase,
    partnerId: config.partnerId,
    authScheme: config.authScheme,
    // Only the URL is used: this client never sends a request.
    credentials: { get: () => Promise.reject(new Error('not used')) },
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    maxAttempts: config.maxAttempts,
  });

  return {
    source: client.ordersUrl.href,
    sourceTimeZone: config.sourceTimeZone,
  };
}

export function createPublisher(
  clients: AwsClients,
  config: SyncConfig,
): EventPublisher {
  return new EventPublisher(clients.sns, config.orderEventsTopicArn);
}

/**
 * Builds the dependencies of the function's page processing, with the
 * stores and publisher it uses. Its log lines are turned off: the command
 * reports each record's outcome itself.
 */
export function pageProcessorDeps(
  clients: AwsClients,
  config: SyncConfig,
): PageProcessorDeps {
  return {
    orders: new OrderStore(clients.documents, config.ordersTableName),
    rejects: new RejectedRecordStore(
      clients.documents,
      config.rejectedRecordsTableName,
    ),
    publisher: createPublisher(clients, config),
    events: eventContextOf(config),
    logger: new Logger({
      serviceName: 'tripster-sync-cli',
      logLevel: 'SILENT',
    }),
    counters: emptyCounters(),
  };
}
