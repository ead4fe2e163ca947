import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { forEachLimited } from '../lambda/parallel';
import { motoClientConfig } from '../test/support/aws';
import { preciseNow } from './clock';
import { PAGE_SIZE } from './fixture';

type RawItem = Record<string, AttributeValue>;

/** Items per BatchWriteItem, as the sync writes them. */
const BATCH_WRITE_ITEMS = 25;
/** Pages stored at once: at most a read and two writes each in flight. */
const PARALLEL_PAGES = 2;

/**
 * Times the DynamoDB requests of a backfill made by a bare client with no
 * sync. It stores the items that the backfill left in `tableName` again,
 * in a new table of the same moto, page by page. Each page is read with
 * one BatchGetItem of its keys, then written with two BatchWriteItem
 * requests at once. Two pages are stored at a time, so moto gets up to
 * four requests at once. The sync gives it three: a page's two writes and
 * the next page's read. So the result is about the fastest that moto
 * stores these items on this machine.
 */
export async function timeMotoAlone(
  motoEndpoint: string,
  tableName: string,
): Promise<number> {
  const client = new DynamoDBClient(motoClientConfig(motoEndpoint));
  const items = await scanRaw(client, tableName);
  const copy = `${tableName}-moto-alone`;
  await client.send(
    new CreateTableCommand({
      TableName: copy,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const pages: RawItem[][] = [];
  for (let start = 0; start < items.length; start += PAGE_SIZE) {
    pages.push(items.slice(start, start + PAGE_SIZE));
  }
  try {
    const start = preciseNow();
    await forEachLimited(pages, PARALLEL_PAGES, (page) =>
      storePage(client, copy, page),
    );

    return preciseNow() - start;
  } finally {
    await client.send(new DeleteTableCommand({ TableName: copy }));
    client.destroy();
  }
}

async function storePage(
  client: DynamoDBClient,
  tableName: string,
  page: readonly RawItem[],
): Promise<void> {
  const keys = page.map((item) => ({ id: item.id as AttributeValue }));
  const read = await client.send(
    new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys } } }),
  );
  assertComplete(Object.keys(read.UnprocessedKeys ?? {}).length);
  const batches: RawItem[][] = [];
  for (let start = 0; start < page.length; start += BATCH_WRITE_ITEMS) {
    batches.push(page.slice(start, start + BATCH_WRITE_ITEMS));
  }
  await Promise.all(
    batches.map(async (batch) => {
      const written = await client.send(
        new BatchWriteItemCommand({
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
      'moto returned unprocessed keys or items, so the moto alone timing is void; run the benchmark again',
    );
  }
}

async function scanRaw(
  client: DynamoDBClient,
  tableName: string,
): Promise<RawItem[]> {
  const items: RawItem[] = [];
  let startKey: RawItem | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  return items;
}
