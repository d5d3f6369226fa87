"""A TOML seed file declares accounts and numbers at start."""

from __future__ import annotations

import subprocess
import sys

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator

SEED = """
[[accounts]]
default = true
friendly_name = "Acme support"

  [[accounts.numbers]]
  phone_number = "+15550001111"
  sms_url = "http://127.0.0.1:9999/sms"
  capabilities = { sms = true, mms = false, voice = false, fax = false }

[[accounts]]
sid = "AC11111111111111111111111111111111"
auth_token = "22222222222222222222222222222222"
starter_numbers = false

  [[accounts.numbers]]
  phone_number = "+819012345678"
  capabilities = { sms = true }
"""


def test_seed_file_declares_accounts_and_numbers(tmp_path):
    seed = tmp_path / "world.toml"
    seed.write_text(SEED)
    server = start_simulator(tmp_path, extra_args=("--seed-file", str(seed)))
    try:
        default = server.client(DEFAULT_SID, DEFAULT_TOKEN)
        assert default.api.v2010.accounts(DEFAULT_SID).fetch().friendly_name == "Acme support"
        declared = default.incoming_phone_numbers.list(phone_number="+15550001111")[0]
        assert declared.sms_url == "http://127.0.0.1:9999/sms"
        assert declared.capabilities["mms"] is False
        second = server.client("AC11111111111111111111111111111111",
                               "22222222222222222222222222222222")
        numbers = second.incoming_phone_numbers.list()
        assert [(n.phone_number, n.capabilities["sms"]) for n in numbers] == \
            [("+819012345678", True)]
        assert second.messages.create(to="+15558675310", from_="+819012345678",
                                      body="from a declared number").status == "queued"
    finally:
        server.stop()


def test_a_bad_seed_file_names_the_file_and_field(tmp_path):
    seed = tmp_path / "bad.toml"
    seed.write_text('[[accounts]]\ndefault = true\n[[accounts.numbers]]\nphone_number = "x"\n')
    result = subprocess.run(
        [sys.executable, "-m", "smsim", "serve", "--db", str(tmp_path / "db"),
         "--seed-file", str(seed), "--port", "0"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "bad.toml: accounts[0]: numbers[0]" in result.stderr
    assert "not a valid number" in result.stderr
