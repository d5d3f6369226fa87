// WhatsApp on the Messages API through the official twilio Node SDK (v6) against a running
// smsim (docs/whatsapp.md): inside the 24-hour window the user opened, a free-form message
// is delivered; to a user who never wrote, it is created (201) and then fails with 63016.
// Run by tests/test_node_sdk.py (node --test runs every *.test.js here), with the same
// SMSIM_URL / SMSIM_ACCOUNT_SID / SMSIM_AUTH_TOKEN / SMSIM_FROM as sdk.test.js.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { from, client, control } = require("./simulator");

// The message's status once it stops changing, moving the world's clock 5 s at a time
// (the other Node files move it too, never backwards).
async function settled(sid, wanted) {
  for (let i = 0; i < 12; i += 1) {
    const message = await client.messages(sid).fetch();
    if (wanted.includes(message.status)) {
      return message;
    }
    await control("POST", "/clock/advance", { seconds: 5 });
  }
  throw new Error(`${sid} never reached ${wanted.join(" or ")}`);
}

const business = `whatsapp:${from}`;

test("inside the window the user opened: delivered over WhatsApp", async () => {
  await control("PUT", `/numbers/${encodeURIComponent(from)}`, { whatsapp: true });
  const user = "+15557790201";
  await control("PUT", `/handsets/${encodeURIComponent(user)}`,
    { power: "on", whatsapp: { installed: true } });
  const wrote = await control("POST", `/handsets/${encodeURIComponent(user)}/messages`,
    { channel: "whatsapp", to: business, body: "Where is my order?" });
  assert.equal(wrote.outcome, "in_transit");
  await control("POST", "/clock/advance", { seconds: 5 });

  const sent = await client.messages.create({ from: business, to: `whatsapp:${user}`,
    body: "It ships today." });
  assert.equal(sent.to, `whatsapp:${user}`);
  assert.equal(sent.from, business);
  assert.equal(sent.numSegments, "1");
  const done = await settled(sent.sid, ["delivered", "read", "failed"]);
  assert.equal(done.status, "delivered");
  assert.equal(done.errorCode, null);
});

test("outside the window: created, then failed with 63016", async () => {
  await control("PUT", `/numbers/${encodeURIComponent(from)}`, { whatsapp: true });
  const user = "+15557790202"; // never wrote to the business
  const sent = await client.messages.create({ from: business, to: `whatsapp:${user}`,
    body: "Your order has shipped." });
  assert.ok(["queued", "accepted"].includes(sent.status), sent.status);
  const done = await settled(sent.sid, ["delivered", "read", "failed"]);
  assert.equal(done.status, "failed");
  assert.equal(done.errorCode, 63016);
});
