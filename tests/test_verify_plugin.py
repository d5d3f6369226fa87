"""``smsim.verification_code(to)``: the controller the pytest plugin hands out reads the newest
Verify code from the phone's inbox, moving the manual clock itself."""

from __future__ import annotations

import pytest
from smsim.clients.controller import Smsim


@pytest.fixture
def world(sim):
    controller = Smsim.new_world(sim.url, "verify plugin")
    yield controller
    controller.close()


def test_verification_code_reads_the_inbox_and_moves_the_clock(world):
    client = world.twilio_client  # verify.base_url is pointed at the simulator too
    service = client.verify.v2.services.create(friendly_name="Plugin", code_length=5)
    to = "+15558670001"
    client.verify.v2.services(service.sid).verifications.create(to=to, channel="sms")
    before = world.now
    code = world.verification_code(to, within="1m")
    assert len(code) == 5 and world.now > before
    checked = client.verify.v2.services(service.sid).verification_checks.create(to=to,
                                                                               code=code)
    assert checked.status == "approved"


def test_no_code_is_an_assertion_naming_the_number(world):
    world.handset("+15558670002").set(power="off")
    client = world.twilio_client
    service = client.verify.v2.services.create(friendly_name="Plugin")
    client.verify.v2.services(service.sid).verifications.create(to="+15558670002",
                                                                channel="sms")
    with pytest.raises(AssertionError, match=r"\+15558670002 got no verification code"):
        world.verification_code("+15558670002", within="20s")
