// Verify v2 through the official twilio Node SDK (v6) against a running smsim: a whole SMS
// login (service, start, the code read from the phone's inbox, check approved) and the
// 5th wrong code (429 / 60202). The code is a real SMS through the world's queue, carrier
// and handset, so the test moves the world's clock until it lands (docs/verify.md).
// Run by tests/test_node_sdk.py (node --test runs every *.test.js here), with the same
// SMSIM_URL / SMSIM_ACCOUNT_SID / SMSIM_AUTH_TOKEN as sdk.test.js.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { client, control } = require("./simulator");

const CODE = /verification code is: (\d+)$/;

async function phone(number) {
  await control("PUT", `/handsets/${encodeURIComponent(number)}`, { power: "on" });
  return number;
}

// The code of the newest Verify SMS in the phone's inbox, moving the clock 5 s at a time
// until it has arrived (as smsim.verification_code does in Python).
async function codeFromInbox(number) {
  for (let i = 0; i < 12; i += 1) {
    const inbox = await control("GET", `/handsets/${encodeURIComponent(number)}/inbox`);
    const codes = inbox.messages.map((m) => CODE.exec(m.body)).filter(Boolean);
    if (codes.length) {
      return codes[codes.length - 1][1];
    }
    await control("POST", "/clock/advance", { seconds: 5 });
  }
  throw new Error(`no verification SMS reached ${number}`);
}

test("an SMS login: start, read the code on the phone, check approved", async () => {
  const to = await phone("+15557790101");
  const service = await client.verify.v2.services.create({ friendlyName: "Acme Login" });
  assert.match(service.sid, /^VA[0-9a-f]{32}$/);
  const verifications = client.verify.v2.services(service.sid);
  const started = await verifications.verifications.create({ to, channel: "sms" });
  assert.equal(started.status, "pending");
  assert.equal(started.to, to);
  assert.match(started.sid, /^VE[0-9a-f]{32}$/);

  const code = await codeFromInbox(to);
  assert.match(code, /^\d{6}$/);
  const check = await verifications.verificationChecks.create({ to, code });
  assert.equal(check.status, "approved");
  assert.equal(check.valid, true);
  assert.equal(check.sid, started.sid);

  // The control plane keeps it, with the SMS that carried the code.
  const listed = await control("GET", `/verifications?to=${encodeURIComponent(to)}`);
  assert.equal(listed.verifications[0].sid, started.sid);
  assert.equal(listed.verifications[0].status, "approved");
  assert.equal(listed.verifications[0].messages[0].status, "delivered");
});

test("the 5th wrong code is 429 / 60202", async () => {
  const to = await phone("+15557790102");
  const service = await client.verify.v2.services.create({ friendlyName: "Acme Login" });
  const verifications = client.verify.v2.services(service.sid);
  await verifications.verifications.create({ to, channel: "sms" });
  const right = await codeFromInbox(to);
  const wrong = right === "000000" ? "111111" : "000000";
  for (let i = 0; i < 4; i += 1) {
    const check = await verifications.verificationChecks.create({ to, code: wrong });
    assert.equal(check.status, "pending");
    assert.equal(check.valid, false);
  }
  await assert.rejects(verifications.verificationChecks.create({ to, code: wrong }),
    (err) => err.constructor.name === "RestException" && err.status === 429
      && err.code === 60202);
  // Spent: even the right code is refused now.
  await assert.rejects(verifications.verificationChecks.create({ to, code: right }),
    (err) => err.status === 429 && err.code === 60202);
});
