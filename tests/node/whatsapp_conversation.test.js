// Issue 17's support conversation through the official twilio Node SDK (v6), with a real
// webhook receiver on 127.0.0.1 and signatures checked by the SDK's own validateRequest
// (docs/whatsapp.md): the user's message opens the 24-hour window, a reply inside it is
// delivered and read, 25 simulated hours later a free-form message fails with 63016, and a
// template made and approved through the Content API goes through with its variables
// rendered on the phone; then the sandbox: join, membership for 3 days, and 63015 after.
//
// It runs in a world of its own (POST /_sim/accounts): it moves that world's clock by days,
// which the other Node files, sharing the runner's account, must not see.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const twilio = require("twilio");
const { url, makeClient } = require("./simulator");

// A webhook receiver: every request it gets, with its form parameters and headers. An
// inbound message is answered with an empty TwiML response (no reply).
function startReceiver() {
  const hits = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => { raw += chunk; });
    req.on("end", () => {
      hits.push({ path: req.url, headers: req.headers,
        params: Object.fromEntries(new URLSearchParams(raw)) });
      res.writeHead(200, { "Content-Type": "text/xml" });
      res.end("<Response/>");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const base = `http://127.0.0.1:${server.address().port}`;
      resolve({ base, server, on: (path) => hits.filter((h) => h.path === path) });
    });
  });
}

// The receiver's hits on ``path`` once there are ``count`` of them (webhooks are sent by the
// simulator's worker soon after the clock moves; bounded wait on real time).
async function waitFor(receiver, path, count) {
  for (let i = 0; i < 100; i += 1) {
    if (receiver.on(path).length >= count) {
      return receiver.on(path);
    }
    await new Promise((resolve) => { setTimeout(resolve, 50); });
  }
  assert.fail(`${path}: ${receiver.on(path).length} requests, wanted ${count}`);
}

test("a support conversation: window, read callbacks, 63016, an approved template, the sandbox",
  async () => {
    const created = await fetch(`${url}/_sim/accounts`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ friendly_name: "node whatsapp conversation" }) });
    assert.equal(created.status, 201);
    const account = await created.json();
    const token = account.auth_token;
    const client = makeClient(account.account_sid, token);
    const control = async (method, path, body) => {
      const response = await fetch(`${url}/_sim${path}`, { method,
        headers: { "Content-Type": "application/json", "X-Smsim-Account": account.account_sid },
        body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
      return JSON.parse(text);
    };
    const advance = (seconds) => control("POST", "/clock/advance", { seconds });
    const valid = (hit) => twilio.validateRequest(token, hit.headers["x-twilio-signature"],
      `${receiver.base}${hit.path}`, hit.params);

    const receiver = await startReceiver();
    try {
      const number = account.numbers.find((n) => n.capabilities.sms).phone_number;
      const business = `whatsapp:${number}`;
      await control("PUT", `/numbers/${encodeURIComponent(number)}`, { whatsapp: true });
      const [incoming] = await client.incomingPhoneNumbers.list({ phoneNumber: number });
      await client.incomingPhoneNumbers(incoming.sid).update({ smsUrl: `${receiver.base}/in` });
      const phone = "+15557790301";
      const user = `whatsapp:${phone}`;
      await control("PUT", `/handsets/${encodeURIComponent(phone)}`,
        { name: "Ana Souza", whatsapp: { installed: true, reads_after: 60 } });

      // The user writes first: signed inbound webhook with WaId and ProfileName.
      await control("POST", `/handsets/${encodeURIComponent(phone)}/messages`,
        { channel: "whatsapp", to: business, body: "Where is my order?" });
      await advance(10);
      const [inbound] = await waitFor(receiver, "/in", 1);
      assert.ok(valid(inbound), "inbound webhook signature");
      assert.deepEqual([inbound.params.From, inbound.params.To, inbound.params.Body,
        inbound.params.WaId, inbound.params.ProfileName],
      [user, business, "Where is my order?", phone.slice(1), "Ana Souza"]);

      // A reply inside the window: delivered, then read 60 s later, each status called back.
      const reply = await client.messages.create({ from: business, to: user,
        body: "It ships today.", statusCallback: `${receiver.base}/status` });
      await advance(10);
      assert.equal((await client.messages(reply.sid).fetch()).status, "delivered");
      await advance(60);
      assert.equal((await client.messages(reply.sid).fetch()).status, "read");
      const callbacks = await waitFor(receiver, "/status", 4);
      assert.deepEqual(callbacks.map((h) => h.params.MessageStatus),
        ["sending", "sent", "delivered", "read"]);
      for (const hit of callbacks) {
        assert.ok(valid(hit), `status callback signature (${hit.params.MessageStatus})`);
        assert.equal(hit.params.ChannelPrefix, "whatsapp");
      }

      // 25 simulated hours later the window is closed: created, then failed with 63016.
      await advance(25 * 3600);
      const late = await client.messages.create({ from: business, to: user,
        body: "Anything else?" });
      assert.equal(late.to, user);
      await advance(5);
      const failed = await client.messages(late.sid).fetch();
      assert.deepEqual([failed.status, failed.errorCode], ["failed", 63016]);

      // A template made with the Content API, submitted for WhatsApp approval, approved on
      // the world's clock (docs/whatsapp.md), then sent outside the window.
      const template = await client.content.v1.contents.create({
        friendly_name: "order_update", language: "en", variables: { 1: "there" },
        types: { "twilio/text": { body: "Hi {{1}}, order {{2}} ships on Monday." } } });
      assert.match(template.sid, /^HX[0-9a-f]{32}$/);
      await client.content.v1.contents(template.sid).approvalCreate.create(
        { name: "order_update", category: "UTILITY" });
      await advance(601);
      const approval = await client.content.v1.contents(template.sid).approvalFetch().fetch();
      assert.equal(approval.whatsapp.status, "approved");
      const templated = await client.messages.create({ from: business, to: user,
        contentSid: template.sid, contentVariables: JSON.stringify({ 1: "Ana", 2: "1234" }) });
      assert.equal(templated.body, "Hi Ana, order 1234 ships on Monday.");
      await advance(10);
      assert.equal((await client.messages(templated.sid).fetch()).status, "delivered");
      const inbox = await control("GET", `/handsets/${encodeURIComponent(phone)}/inbox`);
      const bodies = (inbox.messages || inbox).map((m) => m.body);
      assert.ok(bodies.includes("Hi Ana, order 1234 ships on Monday."), bodies.join(" | "));

      // The sandbox: a member is messaged for 3 days after joining, then 63015.
      const sandbox = await control("GET", "/whatsapp/sandbox");
      const friend = "+15557790302";
      await control("PUT", `/handsets/${encodeURIComponent(friend)}`, { power: "on" });
      await control("POST", `/handsets/${encodeURIComponent(friend)}/messages`,
        { channel: "whatsapp", to: sandbox.number, body: sandbox.join });
      await advance(10);
      const member = await client.messages.create({ from: sandbox.number,
        to: `whatsapp:${friend}`, body: "Welcome to the sandbox" });
      await advance(10);
      assert.equal((await client.messages(member.sid).fetch()).status, "delivered");
      await advance(3 * 86400);
      const expired = await client.messages.create({ from: sandbox.number,
        to: `whatsapp:${friend}`, body: "Still there?" });
      await advance(10);
      const refused = await client.messages(expired.sid).fetch();
      assert.deepEqual([refused.status, refused.errorCode], ["failed", 63015]);
    } finally {
      receiver.server.close();
      await fetch(`${url}/_sim/accounts/${account.account_sid}`, { method: "DELETE" });
    }
  });
