// The official twilio Node SDK (v6) against a running smsim.
//
// Run by tests/test_node_sdk.py, which starts the simulator, makes a fresh account and sets:
//   SMSIM_URL          base URL of the simulator, e.g. http://127.0.0.1:PORT
//   SMSIM_ACCOUNT_SID  the account's SID (AC...)
//   SMSIM_AUTH_TOKEN   its live auth token
//   SMSIM_FROM         an SMS-capable IncomingPhoneNumber the account owns
// By hand: `SMSIM_URL=... SMSIM_ACCOUNT_SID=... SMSIM_AUTH_TOKEN=... SMSIM_FROM=... npm test`.
"use strict";

const { test, before } = require("node:test");
const assert = require("node:assert/strict");
const { url, accountSid, from, makeClient, client } = require("./simulator");

const TO = "+15558675310";
const NOT_OWNED = "+15005550123";
const MESSAGE_SID = /^SM[0-9a-f]{32}$/;

function send(body = "hello from twilio-node") {
  return client.messages.create({ to: TO, from, body });
}

// Asserts that `promise` rejects with a RestException carrying `status` and `code`.
async function rejectsWith(promise, status, code) {
  await assert.rejects(promise, (err) => {
    assert.equal(err.constructor.name, "RestException", `not a RestException: ${err.stack}`);
    assert.equal(err.status, status, `status of ${JSON.stringify(err)}`);
    assert.equal(err.code, code, `code of ${JSON.stringify(err)}`);
    assert.equal(typeof err.message, "string");
    assert.ok(err.message.length > 0);
    return true;
  });
}

before(() => {
  assert.match(accountSid, /^AC[0-9a-f]{32}$/);
});

test("create a message", async () => {
  const message = await send("Hello, world");
  assert.match(message.sid, MESSAGE_SID);
  assert.equal(message.status, "queued");
  assert.equal(message.numSegments, "1");
  assert.equal(message.numMedia, "0");
  assert.equal(message.body, "Hello, world");
  assert.equal(message.to, TO);
  assert.equal(message.from, from);
  assert.equal(message.accountSid, accountSid);
  assert.equal(message.direction, "outbound-api");
  assert.equal(message.apiVersion, "2010-04-01");
  assert.ok(message.dateCreated instanceof Date, `dateCreated: ${message.dateCreated}`);
  assert.ok(!Number.isNaN(message.dateCreated.getTime()), "dateCreated is an Invalid Date");
  assert.ok(message.dateUpdated instanceof Date);
  assert.ok(Math.abs(message.dateCreated.getTime() - Date.now()) < 24 * 3600 * 1000,
    `dateCreated ${message.dateCreated.toISOString()} is far from now`);
});

test("fetch a message", async () => {
  const created = await send("fetch me");
  const fetched = await client.messages(created.sid).fetch();
  assert.equal(fetched.sid, created.sid);
  assert.equal(fetched.body, "fetch me");
  assert.equal(fetched.status, "queued");
  assert.equal(fetched.numSegments, "1");
  assert.ok(fetched.dateCreated instanceof Date);
  assert.equal(fetched.dateCreated.getTime(), created.dateCreated.getTime());
});

test("list, each and page follow next_page_uri", async () => {
  const created = [];
  for (let i = 0; i < 5; i++) {
    created.push((await send(`page test ${i}`)).sid);
  }

  const listed = await client.messages.list({ pageSize: 2 });
  assert.ok(listed.length >= 5, `list returned ${listed.length} messages`);
  const listedSids = listed.map((m) => m.sid);
  assert.equal(new Set(listedSids).size, listedSids.length, "list repeated a message");
  for (const sid of created) {
    assert.ok(listedSids.includes(sid), `list is missing ${sid}`);
  }
  // Newest first: the five just created lead the list, last created first.
  assert.deepEqual(listedSids.slice(0, 5), [...created].reverse());

  const limited = await client.messages.list({ pageSize: 2, limit: 3 });
  assert.equal(limited.length, 3);

  const seen = [];
  await new Promise((resolve, reject) => {
    client.messages.each({
      pageSize: 2,
      callback: (message) => seen.push(message.sid),
      done: (err) => (err ? reject(err) : resolve()),
    });
  });
  assert.deepEqual(seen, listedSids);

  const first = await client.messages.page({ pageSize: 2 });
  assert.equal(first.instances.length, 2);
  assert.deepEqual(first.instances.map((m) => m.sid), listedSids.slice(0, 2));
  assert.ok(first.nextPageUrl, "first page has no next page");
  assert.ok(first.nextPageUrl.startsWith(url), `next page URL ${first.nextPageUrl}`);
  const second = await first.nextPage();
  assert.equal(second.instances.length, 2);
  assert.deepEqual(second.instances.map((m) => m.sid), listedSids.slice(2, 4));
  const back = await second.previousPage();
  assert.deepEqual(back.instances.map((m) => m.sid), listedSids.slice(0, 2));
});

test("redact a message body", async () => {
  const created = await send("secret");
  const updated = await client.messages(created.sid).update({ body: "" });
  assert.equal(updated.sid, created.sid);
  assert.equal(updated.body, "");
  assert.equal((await client.messages(created.sid).fetch()).body, "");
});

test("cancel a queued message", async () => {
  const created = await send("call me off");
  assert.equal(created.status, "queued");
  const updated = await client.messages(created.sid).update({ status: "canceled" });
  assert.equal(updated.status, "canceled");
  assert.equal((await client.messages(created.sid).fetch()).status, "canceled");
});

test("remove a message, then fetch it: 404 / 20404", async () => {
  const created = await send("delete me");
  assert.equal(await client.messages(created.sid).remove(), true);
  await rejectsWith(client.messages(created.sid).fetch(), 404, 20404);
});

test("missing body: 400 / 21602", async () => {
  await rejectsWith(client.messages.create({ to: TO, from }), 400, 21602);
});

test("invalid To: 400 / 21211", async () => {
  await rejectsWith(client.messages.create({ to: "abc", from, body: "x" }), 400, 21211);
});

test("From not owned by the account: 400 / 21606", async () => {
  await rejectsWith(client.messages.create({ to: TO, from: NOT_OWNED, body: "x" }), 400, 21606);
});

test("wrong auth token: 401 / 20003", async () => {
  const wrong = makeClient(accountSid, "0".repeat(32));
  await rejectsWith(wrong.messages.create({ to: TO, from, body: "x" }), 401, 20003);
  await rejectsWith(wrong.messages.list({ pageSize: 2 }), 401, 20003);
});

test("incomingPhoneNumbers.list has the From number, SMS-capable", async () => {
  const numbers = await client.incomingPhoneNumbers.list();
  const mine = numbers.find((n) => n.phoneNumber === from);
  assert.ok(mine, `${from} not in ${numbers.map((n) => n.phoneNumber).join(", ")}`);
  assert.equal(mine.capabilities.sms, true);
  assert.equal(mine.accountSid, accountSid);
  assert.match(mine.sid, /^PN[0-9a-f]{32}$/);
});

test("create a Messaging Service and send through it", async () => {
  client.messaging.baseUrl = url; // messaging.twilio.com/v1 is served by the same simulator
  const service = await client.messaging.v1.services.create({ friendlyName: "node pool" });
  assert.match(service.sid, /^MG[0-9a-f]{32}$/);
  assert.ok(service.dateCreated instanceof Date && !Number.isNaN(service.dateCreated.getTime()));
  assert.equal(service.stickySender, true);
  const [number] = await client.incomingPhoneNumbers.list({ phoneNumber: from });
  const added = await client.messaging.v1
    .services(service.sid)
    .phoneNumbers.create({ phoneNumberSid: number.sid });
  assert.equal(added.sid, number.sid);
  assert.ok(added.capabilities.includes("SMS"));
  const services = await client.messaging.v1.services.list({ pageSize: 1 });
  assert.ok(services.some((s) => s.sid === service.sid));

  const message = await client.messages.create({
    to: TO,
    messagingServiceSid: service.sid,
    body: "through the service",
  });
  assert.equal(message.status, "accepted");
  assert.equal(message.from, null);
  assert.equal(message.messagingServiceSid, service.sid);
  const picked = await client.messages(message.sid).fetch();
  assert.equal(picked.status, "queued");
  assert.equal(picked.from, from);

  assert.equal(await client.messaging.v1.services(service.sid).remove(), true);
  await rejectsWith(client.messaging.v1.services(service.sid).fetch(), 404, 20404);
});
