import type { OrderSyncSettings } from './settings';
import { SERVICE_NAME } from './settings';

/** Namespace of the metrics that the function emits. */
export const METRICS_NAMESPACE = 'TripsterOrderSync';

/** Names of the resources the function reads from its environment. */
export interface FunctionResources {
  readonly ordersTableName: string;
  readonly rejectedRecordsTableName: string;
  readonly orderEventsTopicArn: string;
  readonly checkpointParameterName: string;
}

/**
 * Builds the function's environment variables. The names and formats are a
 * contract with the handler's configuration module.
 */
export function functionEnvironment(
  settings: OrderSyncSettings,
  resources: FunctionResources,
): Record<string, string> {
  return {
    TRIPSTER_API_BASE: settings.apiBase,
    TRIPSTER_PARTNER_ID: settings.partnerId,
    TRIPSTER_AUTH_SCHEME: settings.authScheme,
    CREDENTIALS_PARAMETER_NAME: settings.credentialsParameterName,
    CHECKPOINT_PARAMETER_NAME: resources.checkpointParameterName,
    ORDERS_TABLE_NAME: resources.ordersTableName,
    REJECTED_RECORDS_TABLE_NAME: resources.rejectedRecordsTableName,
    ORDER_EVENTS_TOPIC_ARN: resources.orderEventsTopicArn,
    SOURCE_TIME_ZONE: settings.sourceTimeZone,
    OVERLAP_WINDOW_SECONDS: String(settings.overlapWindow.toSeconds()),
    INITIAL_SYNC_START: settings.initialSyncStart,
    PUBLISH_BACKFILL_EVENTS: String(settings.publishBackfillEvents),
    PAGE_CONCURRENCY: String(settings.pageConcurrency),
    STOP_MARGIN_SECONDS: String(settings.stopMargin.toSeconds()),
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: settings.logLevel,
    // The bundle ships a source map, so stack traces show TypeScript lines.
    NODE_OPTIONS: '--enable-source-maps',
  };
}
