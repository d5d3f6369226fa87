// What every Node test file here needs: the simulator test_node_sdk.py started (from the
// environment it sets: SMSIM_URL, SMSIM_ACCOUNT_SID, SMSIM_AUTH_TOKEN, SMSIM_FROM), the
// official SDK pointed at it for each Twilio host smsim serves, and the control plane of the
// account's world. Not a test file itself (node --test runs *.test.js).
"use strict";

const assert = require("node:assert/strict");
const twilio = require("twilio");

function env(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (see tests/node/sdk.test.js and tests/test_node_sdk.py)`);
  }
  return value;
}

const url = env("SMSIM_URL");
const accountSid = env("SMSIM_ACCOUNT_SID");
const authToken = env("SMSIM_AUTH_TOKEN");
const from = env("SMSIM_FROM");

// The SDK pointed at the simulator, the way the README tells users to do it (Content: the
// WhatsApp templates of whatsapp_conversation.test.js).
function makeClient(sid, token) {
  const client = twilio(sid, token);
  client.edge = undefined;
  client.region = undefined;
  client.api.baseUrl = url;
  client.verify.baseUrl = url;
  client.lookups.baseUrl = url;
  client.content.baseUrl = url;
  return client;
}

// A control-plane request in the account's world; its JSON answer (fails the test on >= 300).
async function control(method, path, body) {
  const response = await fetch(`${url}/_sim${path}`, {
    method,
    headers: { "Content-Type": "application/json", "X-Smsim-Account": accountSid },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

module.exports = {
  url, accountSid, authToken, from, makeClient, client: makeClient(accountSid, authToken), control,
};
