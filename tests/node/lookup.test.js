// Lookup v2 through the official twilio Node SDK (v6) against a running smsim: line types
// from the world's handset registry, validation from libphonenumber, Twilio's error shape.
// Run by tests/test_node_sdk.py (node --test runs every *.test.js here), with the same
// SMSIM_URL / SMSIM_ACCOUNT_SID / SMSIM_AUTH_TOKEN / SMSIM_FROM as sdk.test.js.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const { url, accountSid, from, client } = require("./simulator");

function lineType(number) {
  return client.lookups.v2.phoneNumbers(number).fetch({ fields: "line_type_intelligence" });
}

test("a default handset is a mobile, with its number's facts", async () => {
  const result = await lineType("+14155552671");
  assert.equal(result.phoneNumber, "+14155552671");
  assert.equal(result.countryCode, "US");
  assert.equal(result.callingCountryCode, "1");
  assert.equal(result.nationalFormat, "(415) 555-2671");
  assert.equal(result.valid, true);
  assert.equal(result.lineTypeIntelligence.type, "mobile");
  assert.equal(result.callerName, null);
});

test("a handset set to landline is a landline, and a create to it fails 21614", async () => {
  const number = "+15557770101";
  const response = await fetch(`${url}/_sim/handsets/${encodeURIComponent(number)}`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", "X-Smsim-Account": accountSid },
    body: JSON.stringify({ line_type: "landline" }),
  });
  assert.equal(response.status, 200, await response.text());
  assert.equal((await lineType(number)).lineTypeIntelligence.type, "landline");
  await assert.rejects(client.messages.create({ to: number, from, body: "hi" }),
    (err) => err.status === 400 && err.code === 21614);
});

test("a London fixed line without a handset is a landline", async () => {
  const result = await lineType("+442071838750");
  assert.equal(result.countryCode, "GB");
  assert.equal(result.lineTypeIntelligence.type, "landline");
});

test("a number too long is 200 with valid false", async () => {
  const result = await client.lookups.v2.phoneNumbers("+141599299600").fetch();
  assert.equal(result.valid, false);
  assert.deepEqual(result.validationErrors, ["TOO_LONG"]);
  assert.equal(result.countryCode, null);
});

test("an unknown Fields value is 400 / 60618", async () => {
  await assert.rejects(
    client.lookups.v2.phoneNumbers("+14155552671").fetch({ fields: "carrier" }),
    (err) => err.constructor.name === "RestException" && err.status === 400
      && err.code === 60618);
});
