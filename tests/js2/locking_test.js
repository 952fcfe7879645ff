// Runs AWS Labs' @aws/dynamodb-data-mapper, unchanged, against the endpoint
// given as argv[2]. Its version attribute implements optimistic locking:
// put/update/delete send a ConditionExpression on the version
// (attribute_not_exists(#v) for a new record, #v = :old otherwise) and bump it
// (put: in the item; update: SET #v = #v + :1). Run by
// tests/test_optimistic_locking.py; prints one JSON line and exits 0 only
// when every step gives the expected answer.
'use strict';

// aws-sdk v2 prints an end-of-support notice on stderr; keep stderr for errors.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

const DynamoDB = require('aws-sdk/clients/dynamodb');
const {DataMapper, DynamoDbSchema, DynamoDbTable} = require('@aws/dynamodb-data-mapper');

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node locking_test.js ENDPOINT_URL');
  process.exit(2);
}

const client = new DynamoDB({
  endpoint,
  region: 'us-east-1',
  credentials: {accessKeyId: 'AKIDTESTTESTTEST', secretAccessKey: 'secret'},
  maxRetries: 0,
});
const mapper = new DataMapper({client});
const tableName = 'locking_' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

// A model defined without TypeScript decorators, as the library's README
// shows ("Defining a model without decorators"); `versionAttribute: true` is
// what @versionAttribute() sets.
class Account {}
Object.defineProperties(Account.prototype, {
  [DynamoDbTable]: {value: tableName},
  [DynamoDbSchema]: {
    value: {
      id: {type: 'String', keyType: 'HASH'},
      owner: {type: 'String'},
      balance: {type: 'Number'},
      tags: {type: 'Set', memberType: 'String'},
      version: {type: 'Number', versionAttribute: true},
    },
  },
});

const steps = [];
function check(name, condition, detail) {
  steps.push(name);
  if (!condition) {
    throw new Error(`step "${name}" failed: ${JSON.stringify(detail)}`);
  }
}

async function expectConditionalFailure(name, promise) {
  try {
    await promise;
  } catch (err) {
    check(name, err.code === 'ConditionalCheckFailedException' &&
        err.message === 'The conditional request failed', {code: err.code, message: err.message});
    return;
  }
  check(name, false, 'the write succeeded but should have failed its version check');
}

async function rawItem(id) {
  const r = await client.getItem({TableName: tableName, Key: {id: {S: id}},
                                  ConsistentRead: true}).promise();
  return r.Item;
}

async function main() {
  await mapper.ensureTableExists(Account, {readCapacityUnits: 5, writeCapacityUnits: 5});
  try {
    // Create: version is set by the library (0), guarded by attribute_not_exists.
    const created = await mapper.put(Object.assign(new Account(), {
      id: 'acct-1', owner: 'ada', balance: 100, tags: new Set(['new']),
    }));
    check('put new record', created.version === 0, created);
    check('stored version', (await rawItem('acct-1')).version.N === '0', await rawItem('acct-1'));

    // A second "create" of the same id is a stale write: the record exists.
    await expectConditionalFailure('put duplicate new record',
        mapper.put(Object.assign(new Account(), {id: 'acct-1', owner: 'eve', balance: 0})));

    // Two readers load the same version.
    const first = await mapper.get(Object.assign(new Account(), {id: 'acct-1'}),
                                   {readConsistency: 'strong'});
    const second = await mapper.get(Object.assign(new Account(), {id: 'acct-1'}),
                                    {readConsistency: 'strong'});
    check('loads see version 0', first.version === 0 && second.version === 0, [first, second]);

    // The first writer wins and bumps the version.
    first.balance = 150;
    const saved = await mapper.put(first);
    check('save first copy', saved.version === 1 && saved.balance === 150, saved);

    // The second writer holds a stale version: refused, nothing written.
    second.balance = 999;
    await expectConditionalFailure('save stale copy', mapper.put(second));
    let stored = await rawItem('acct-1');
    check('stale save wrote nothing', stored.balance.N === '150' && stored.version.N === '1', stored);

    // update() sends SET ... #version = #version + :1 with #version = :1 as condition
    // and REMOVEs attributes missing from the object (onMissing: 'remove').
    const current = await mapper.get(Object.assign(new Account(), {id: 'acct-1'}),
                                     {readConsistency: 'strong'});
    current.owner = 'grace';
    delete current.tags;
    const updated = await mapper.update(current);
    check('update current copy', updated.version === 2 && updated.owner === 'grace' &&
        updated.tags === undefined, updated);
    stored = await rawItem('acct-1');
    check('update stored', stored.version.N === '2' && stored.owner.S === 'grace' &&
        !('tags' in stored), stored);

    // update() with the stale version 1 is refused.
    saved.owner = 'mallory';
    await expectConditionalFailure('update stale copy', mapper.update(saved));
    stored = await rawItem('acct-1');
    check('stale update wrote nothing', stored.owner.S === 'grace' && stored.version.N === '2',
        stored);

    // update() with onMissing: 'skip' only sets the attributes present.
    const partial = await mapper.update(Object.assign(new Account(), {
      id: 'acct-1', balance: 175, version: 2,
    }), {onMissing: 'skip'});
    check('partial update', partial.version === 3 && partial.balance === 175 &&
        partial.owner === 'grace', partial);

    // update() of a record that does not exist yet creates it (attribute_not_exists).
    const fresh = await mapper.update(Object.assign(new Account(), {id: 'acct-2', owner: 'bob'}));
    check('update creates record', fresh.version === 0 && fresh.owner === 'bob', fresh);

    // delete() with a stale version is refused; with the current one it works.
    await expectConditionalFailure('delete stale copy',
        mapper.delete(Object.assign(new Account(), {id: 'acct-1', version: 2})));
    check('stale delete kept record', (await rawItem('acct-1')) !== undefined, 'deleted');
    const deleted = await mapper.delete(Object.assign(new Account(), {id: 'acct-1', version: 3}),
                                        {returnValues: 'ALL_OLD'});
    check('delete current copy', deleted && deleted.version === 3 && deleted.balance === 175,
        deleted);
    check('record gone', (await rawItem('acct-1')) === undefined, 'still there');

    // skipVersionCheck: a blind overwrite, no condition and no version bump.
    await mapper.put(Object.assign(new Account(), {id: 'acct-2', owner: 'zed', version: 41}),
                     {skipVersionCheck: true});
    stored = await rawItem('acct-2');
    check('blind put', stored.owner.S === 'zed' && stored.version.N === '41', stored);

    // Several writers racing from the same loaded version: exactly one wins each round.
    let wins = 0;
    for (let round = 0; round < 5; round++) {
      const copies = await Promise.all([0, 1, 2, 3].map(() =>
        mapper.get(Object.assign(new Account(), {id: 'acct-2'}), {readConsistency: 'strong'})));
      const results = await Promise.allSettled(copies.map((c, i) => {
        c.owner = `writer-${round}-${i}`;
        return mapper.put(c);
      }));
      const ok = results.filter((r) => r.status === 'fulfilled').length;
      const refused = results.filter((r) => r.status === 'rejected' &&
          r.reason.code === 'ConditionalCheckFailedException').length;
      check(`race round ${round}`, ok === 1 && refused === 3, results.map((r) => r.status));
      wins += ok;
    }
    stored = await rawItem('acct-2');
    check('race final version', stored.version.N === String(41 + wins), stored);
  } finally {
    await mapper.deleteTable(Account).catch(() => {});
  }
}

main().then(() => {
  console.log(JSON.stringify({ok: true, steps}));
}, (err) => {
  console.log(JSON.stringify({ok: false, steps, error: String(err && err.stack || err)}));
  process.exit(1);
});
