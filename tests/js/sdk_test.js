// Drives an endpoint with the npm AWS SDK v3 and its DocumentClient, the way
// an application would. Usage: node sdk_test.js ENDPOINT_URL
// Prints one JSON line with what it saw; exits non-zero on the first surprise.
"use strict";
const assert = require("node:assert/strict");
const {
  DynamoDBClient, CreateTableCommand, DescribeTableCommand, DeleteTableCommand,
  UpdateTableCommand, ListTablesCommand,
} = require("@aws-sdk/client-dynamodb");
const {
  DynamoDBDocumentClient, PutCommand, GetCommand, DeleteCommand, BatchWriteCommand,
  BatchGetCommand,
} = require("@aws-sdk/lib-dynamodb");

async function main() {
  const endpoint = process.argv[2];
  const client = new DynamoDBClient({
    endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIDTESTTESTTEST", secretAccessKey: "secret" },
  });
  const doc = DynamoDBDocumentClient.from(client);
  const table = "js_" + Math.random().toString(16).slice(2, 14);

  const created = await client.send(new CreateTableCommand({
    TableName: table, BillingMode: "PAY_PER_REQUEST", DeletionProtectionEnabled: true,
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }, { AttributeName: "sk", KeyType: "RANGE" }],
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" },
                           { AttributeName: "sk", AttributeType: "N" }],
  }));
  assert.equal(created.TableDescription.TableName, table);
  assert.equal(created.TableDescription.DeletionProtectionEnabled, true);
  const described = await client.send(new DescribeTableCommand({ TableName: table }));
  assert.equal(described.Table.TableStatus, "ACTIVE");
  assert.ok(described.Table.CreationDateTime instanceof Date);
  assert.equal(described.Table.BillingModeSummary.BillingMode, "PAY_PER_REQUEST");
  const listed = await client.send(new ListTablesCommand({}));
  assert.ok(listed.TableNames.includes(table));

  const item = {
    pk: "user#1", sk: 1, name: "Ada", tags: new Set(["a", "b"]), nums: new Set([1, 2.5]),
    nested: { list: [1, "two", null, true, { deep: "yes" }] }, empty: "", bin: new Uint8Array([0, 255]),
  };
  await doc.send(new PutCommand({ TableName: table, Item: item }));
  const old = await doc.send(new PutCommand({ TableName: table, Item: { ...item, name: "Grace" },
                                              ReturnValues: "ALL_OLD" }));
  assert.equal(old.Attributes.name, "Ada");
  const got = await doc.send(new GetCommand({ TableName: table, Key: { pk: "user#1", sk: 1 },
                                              ConsistentRead: true }));
  assert.equal(got.Item.name, "Grace");
  assert.deepEqual([...got.Item.tags].sort(), ["a", "b"]);
  assert.deepEqual([...got.Item.nums].sort(), [1, 2.5]);
  assert.deepEqual(got.Item.nested, item.nested);
  assert.equal(got.Item.empty, "");
  assert.deepEqual([...got.Item.bin], [0, 255]);

  const puts = [];
  for (let i = 0; i < 25; i++) puts.push({ PutRequest: { Item: { pk: "batch", sk: i, v: `v${i}` } } });
  const written = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: puts } }));
  assert.deepEqual(written.UnprocessedItems, {});
  const keys = [];
  for (let i = 0; i < 25; i++) keys.push({ pk: "batch", sk: i });
  const batch = await doc.send(new BatchGetCommand({
    RequestItems: { [table]: { Keys: keys } }, ReturnConsumedCapacity: "TOTAL" }));
  assert.equal(batch.Responses[table].length, 25);
  assert.equal(batch.ConsumedCapacity[0].TableName, table);
  assert.equal(batch.ConsumedCapacity[0].CapacityUnits, 12.5);

  const deleted = await doc.send(new DeleteCommand({
    TableName: table, Key: { pk: "user#1", sk: 1 }, ReturnValues: "ALL_OLD" }));
  assert.equal(deleted.Attributes.name, "Grace");
  const gone = await doc.send(new GetCommand({ TableName: table, Key: { pk: "user#1", sk: 1 } }));
  assert.equal(gone.Item, undefined);

  // Errors arrive as typed SDK exceptions with DynamoDB's message.
  let refused;
  try {
    await client.send(new DeleteTableCommand({ TableName: table }));
  } catch (e) {
    refused = e;
  }
  assert.equal(refused && refused.name, "ValidationException");
  assert.equal(refused.$metadata.httpStatusCode, 400);
  let missing;
  try {
    await doc.send(new GetCommand({ TableName: table + "_missing", Key: { pk: "x", sk: 1 } }));
  } catch (e) {
    missing = e;
  }
  assert.equal(missing && missing.name, "ResourceNotFoundException");
  assert.equal(missing.message, "Cannot do operations on a non-existent table");

  await client.send(new UpdateTableCommand({ TableName: table, DeletionProtectionEnabled: false }));
  await client.send(new DeleteTableCommand({ TableName: table }));
  console.log(JSON.stringify({ ok: true, table }));
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
