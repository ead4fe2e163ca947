import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { parseExactJson } from '../lambda/json';
import {
  buildOrderItem,
  contentHash,
  type OrderItem,
} from '../lambda/order-item';
import { validateRecord } from '../lambda/order-record';
import { forEachLimited } from '../lambda/parallel';
import { chunk } from '../lambda/stores/batch-requests';
import { BATCH_WRITE_ITEMS } from '../lambda/stores/order-store';
import type { ApiOrder } from '../test/simulator';
import { createTable, motoClientConfig } from '../test/support/aws';
import { preciseNow } from './clock';
import { PAGE_SIZE } from './fixture';

/** Pages stored at once: at most a read and two writes each in flight. */
const PARALLEL_PAGES = 2;
/** The latest `updated_at` accepted: any, as the generated orders are valid. */
const NO_LATER_THAN = '9999-12-31 23:59:59';

/**
 * Times the DynamoDB requests of a backfill made by a bare client with no
 * sync. It builds the orders' items with the sync's own code and stores
 * them in a new table of the same moto, page by page. Each page is read
 * with one BatchGetItem of its keys, then written with two BatchWriteItem
 * requests at once. Two pages are stored at a time, so moto gets up to
 * four requests at once. The sync gives it three: a page's two writes and
 * the next page's read. So the result is about the fastest that moto
 * stores these items on this machine.
 */
export async function timeMotoAlone(
  motoEndpoint: string,
  tableName: string,
  orders: readonly ApiOrder[],
): Promise<number> {
  const client = new DynamoDBClient(motoClientConfig(motoEndpoint));
  const documents = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const observedAt = new Date().toISOString();
  const items = orders.map((order) => buildItem(order, observedAt));
  const pages = chunk(items, PAGE_SIZE);
  await createTable(client, tableName, 'id', 'N');
  try {
    const start = preciseNow();
    await forEachLimited(pages, PARALLEL_PAGES, (page) =>
      storePage(documents, tableName, page),
    );

    return preciseNow() - start;
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  }
}

/** Builds the item that a backfill writes for an order. */
function buildItem(order: ApiOrder, observedAt: string): OrderItem {
  const check = validateRecord(
    parseExactJson(JSON.stringify(order)),
    NO_LATER_THAN,
  );
  if (!check.valid) {
    throw new Error(`generated order ${order.id} is invalid: ${check.reason}`);
  }

  return buildOrderItem(
    check.order,
    undefined,
    contentHash(check.order),
    observedAt,
  );
}

async function storePage(
  documents: DynamoDBDocumentClient,
  tableName: string,
  page: readonly OrderItem[],
): Promise<void> {
  const keys = page.map((item) => ({ id: item.id }));
  const read = await documents.send(
    new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
  );
  assertComplete(Object.keys(read.UnprocessedKeys ?? {}).length);
  await Promise.all(
    chunk(page, BATCH_WRITE_ITEMS).map(async (batch) => {
      const written = await documents.send(
        new BatchWriteCommand({
          RequestItems: {
            [tableName]: batch.map((item) => ({ PutRequest: { Item: item } })),
          },
        }),
      );
      assertComplete(Object.keys(written.UnprocessedItems ?? {}).length);
    }),
  );
}

/** Throws when moto skipped keys or items, because the timing is then void. */
function assertComplete(unprocessedTables: number): void {
  if (unprocessedTables > 0) {
    throw new Error(
      'moto returned unprocessed keys or items, so the moto alone timing is void. Run the benchmark again.',
    );
  }
}
