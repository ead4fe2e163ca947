import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, NumberValue } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseExactNumber } from '../../lambda/json';
import type { OrderItem } from '../../lambda/order-item';
import { OrderStore, type WriteMode } from '../../lambda/stores/order-store';
import { motoClientConfig, scanTable } from '../support/aws';
import {
  type AwsFaultProxy,
  awsErrors,
  startAwsFaultProxy,
  unprocessedItems,
} from '../support/aws-fault-proxy';
import { type Moto, startMoto } from '../support/moto';

let moto: Moto;
let proxy: AwsFaultProxy;
let tableName: string;
/** Calls through the proxy before the current test. */
let earlierCalls = 0;

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startAwsFaultProxy(moto.endpoint);
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  proxy.clear();
  earlierCalls = proxy.calls.length;
  tableName = `orders-${randomUUID().slice(0, 8)}`;
  await new DynamoDBClient(motoClientConfig(moto.endpoint)).send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
    }),
  );
});

/** Builds a store whose requests pass through the fault proxy. */
function storeFor(writeMode: WriteMode, sleeps: number[] = []): OrderStore {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...motoClientConfig(proxy.endpoint),
      maxAttempts: 1,
    }),
    {
      marshallOptions: { removeUndefinedValues: true },
      unmarshallOptions: { wrapNumbers: parseExactNumber },
    },
  );

  return new OrderStore(documents, tableName, {
    writeMode,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  });
}

function item(
  id: number,
  updatedAt: string,
  fields: Record<string, unknown> = {},
): OrderItem {
  return { id, status: 'paid', updated_at: updatedAt, ...fields };
}

function items(count: number, updatedAt = '2026-03-01 10:00:00'): OrderItem[] {
  return Array.from({ length: count }, (_, index) =>
    item(1000 + index, updatedAt),
  );
}

const stored = () => scanTable(moto.endpoint, tableName);
const calls = () => proxy.calls.slice(earlierCalls);
const callsOf = (operation: string) =>
  calls().filter((call) => call.operation === operation);

describe('batch writes', () => {
  it('put 25 items per request', async () => {
    const store = storeFor('batch');

    const result = await store.save(items(60));

    expect(result).toEqual({ written: 60, stale: [], rejected: [] });
    expect(callsOf('BatchWriteItem')).toHaveLength(3);
    expect(callsOf('PutItem')).toHaveLength(0);
    expect(await stored()).toHaveLength(60);
  });

  it('send nothing for no items', async () => {
    const store = storeFor('batch');

    await store.save([]);

    expect(calls()).toHaveLength(0);
  });

  it('replace a stored order whatever its updated_at', async () => {
    const store = storeFor('batch');
    await store.save([item(7, '2026-03-02 00:00:00', { status: 'cancelled' })]);

    await store.save([item(7, '2026-03-01 00:00:00')]);

    const [only] = await stored();
    expect(only?.updated_at).toBe('2026-03-01 00:00:00');
  });

  it('send unprocessed items again after a backoff', async () => {
    const sleeps: number[] = [];
    const store = storeFor('batch', sleeps);
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: unprocessedItems(10),
      times: 2,
    });

    await store.save(items(25));

    expect(callsOf('BatchWriteItem')).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(await stored()).toHaveLength(25);
  });

  it('keep exact money in items sent again', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: unprocessedItems(0),
    });
    const price = NumberValue.from('12345678901234567.89');

    await store.save([item(9, '2026-03-01 00:00:00', { price })]);

    const raw = await new DynamoDBClient(motoClientConfig(moto.endpoint)).send(
      new GetItemCommand({ TableName: tableName, Key: { id: { N: '9' } } }),
    );
    expect(raw.Item?.price).toEqual({ N: '12345678901234567.89' });
  });

  it('fail when items stay unprocessed', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: unprocessedItems(0),
      times: 100,
    });

    await expect(store.save(items(3))).rejects.toThrow(
      `BatchWriteItem failed: 3 items of ${tableName} stayed unprocessed after 8 rounds`,
    );
    expect(callsOf('BatchWriteItem')).toHaveLength(8);
  });

  it('name the orders of a failed request', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbInternalError,
    });

    await expect(store.save(items(3))).rejects.toThrow(
      `BatchWriteItem failed: order 1000 and 2 more in ${tableName}: Internal server error`,
    );
  });

  it('name the orders left in a later round', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: unprocessedItems(1),
    });
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbInternalError,
    });

    await expect(store.save(items(3))).rejects.toThrow(
      `BatchWriteItem failed: order 1001 and 1 more in ${tableName}: Internal server error`,
    );
  });

  it.each([
    [
      'a validation error',
      awsErrors.dynamoDbValidation,
      'Item size has exceeded the maximum allowed size',
    ],
    [
      'a serialization error',
      awsErrors.dynamoDbSerialization,
      'Start of structure or map found where not expected.',
    ],
  ])(
    'store the rest of a batch rejected with %s',
    async (_case, handle, message) => {
      const store = storeFor('batch');
      proxy.inject({
        operation: 'BatchWriteItem',
        handle,
        bodyIncludes: `"id":{"N":"1003"}`,
        times: 100,
      });

      const result = await store.save(items(25));

      expect(result.written).toBe(24);
      expect(result.rejected.map(({ item }) => item.id)).toEqual([1003]);
      expect(result.rejected[0]?.reason).toBe(
        `DynamoDB rejected the order: ${message}`,
      );
      const ids = (await stored()).map((row) => row.id).sort();
      expect(ids).toEqual(
        items(25)
          .map((order) => order.id)
          .filter((id) => id !== 1003),
      );
    },
  );

  it('report a lone item that DynamoDB rejects', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbValidation,
    });

    const result = await store.save(items(1));

    expect(result.rejected.map(({ item }) => item.id)).toEqual([1000]);
    expect(callsOf('BatchWriteItem')).toHaveLength(1);
  });

  it('fail when DynamoDB rejects every item of a batch', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbValidation,
      times: 100,
    });

    await expect(store.save(items(3))).rejects.toThrow(
      `BatchWriteItem failed: order 1000 and 2 more in ${tableName}: Item size has exceeded the maximum allowed size`,
    );
    expect(callsOf('BatchWriteItem')).toHaveLength(4);
  });

  it('stop a rejected batch on another error', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbValidation,
    });
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbNotFound,
    });

    await expect(store.save(items(5))).rejects.toThrow(
      `BatchWriteItem failed: order 1000 in ${tableName}: Requested resource not found`,
    );
    expect(callsOf('BatchWriteItem')).toHaveLength(2);
    expect(await stored()).toEqual([]);
  });

  it('start no request after one fails', async () => {
    const store = storeFor('batch');
    proxy.inject({
      operation: 'BatchWriteItem',
      handle: awsErrors.dynamoDbInternalError,
    });

    await expect(store.save(items(250))).rejects.toThrow(/BatchWriteItem/);

    // Four requests start at once; the first one fails.
    expect(callsOf('BatchWriteItem').length).toBeLessThanOrEqual(4);
    expect((await stored()).length).toBeLessThanOrEqual(75);
  });
});

describe('conditional writes', () => {
  it('keep a newer stored order and report it stale', async () => {
    const store = storeFor('conditional');
    await store.save([item(7, '2026-03-02 00:00:00', { status: 'cancelled' })]);

    const result = await store.save([
      item(7, '2026-03-01 00:00:00'),
      item(8, '2026-03-01 00:00:00'),
    ]);

    expect(result).toEqual({ written: 1, stale: [7], rejected: [] });
    const byId = new Map((await stored()).map((row) => [row.id, row]));
    expect(byId.get(7)?.status).toBe('cancelled');
    expect(byId.get(8)?.status).toBe('paid');
  });

  it('replace an order of the same or an older updated_at', async () => {
    const store = storeFor('conditional');
    await store.save([
      item(7, '2026-03-01 00:00:00', { status: 'processing' }),
      item(8, '2026-02-01 00:00:00', { status: 'processing' }),
    ]);

    const result = await store.save([
      item(7, '2026-03-01 00:00:00'),
      item(8, '2026-03-01 00:00:00'),
    ]);

    expect(result).toEqual({ written: 2, stale: [], rejected: [] });
    for (const row of await stored()) {
      expect(row.status).toBe('paid');
    }
  });

  it('report an order that DynamoDB rejects', async () => {
    const store = storeFor('conditional');
    proxy.inject({
      operation: 'PutItem',
      handle: awsErrors.dynamoDbValidation,
      bodyIncludes: `"id":{"N":"1001"}`,
    });

    const result = await store.save(items(3));

    expect(result.written).toBe(2);
    expect(result.rejected.map(({ item }) => item.id)).toEqual([1001]);
    expect((await stored()).map((row) => row.id).sort()).toEqual([1000, 1002]);
  });

  it('write each order with its own request', async () => {
    const store = storeFor('conditional');

    await store.save(items(5));

    expect(callsOf('PutItem')).toHaveLength(5);
    expect(callsOf('BatchWriteItem')).toHaveLength(0);
  });
});
