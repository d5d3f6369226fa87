"""`smsim serve --demo` (issue 15): the same demo on every fresh database (a trainer's notes
name its people), back after a reset when the server restarts with --demo, never doubled."""

from __future__ import annotations

from tests.server import DEFAULT_SID, DEFAULT_TOKEN, start_simulator


def names(sim) -> dict[str, str]:
    handsets = sim.control("GET", "/handsets").json()["handsets"]
    return {h["number"]: h.get("name") for h in handsets}


def bodies(sim) -> list[str]:
    client = sim.client(DEFAULT_SID, DEFAULT_TOKEN)
    return sorted(m.body for m in client.messages.list())


def test_two_fresh_databases_show_the_same_demo(tmp_path):
    """Different databases draw different world seeds (as two trainers' laptops do); the
    demo's names and texts do not depend on them."""
    shown = []
    for seed in ("laptop-one", "laptop-two"):
        sim = start_simulator(tmp_path / seed, extra_args=("--demo", "--seed", seed))
        try:
            shown.append((names(sim), bodies(sim)))
        finally:
            sim.stop()
    (names_one, bodies_one), (names_two, bodies_two) = shown
    assert len(names_one) == 6 and all(names_one.values())
    assert names_one == names_two
    assert bodies_one == bodies_two and len(bodies_one) >= 6


def test_a_restart_with_demo_brings_it_back_after_a_reset_and_never_doubles_it(tmp_path):
    sim = start_simulator(tmp_path, extra_args=("--demo",))
    try:
        demo_names, demo_bodies = names(sim), bodies(sim)
        assert sim.control("POST", "/reset").status_code == 200
        assert names(sim) == {}
        # The class goes on using the reset world before the server restarts.
        client = sim.client(DEFAULT_SID, DEFAULT_TOKEN)
        client.messages.create(to="+15550177001", from_="+15017122661", body="after reset")
    finally:
        sim.stop()

    sim = start_simulator(tmp_path, extra_args=("--demo",))
    try:
        assert names(sim) == demo_names
        assert bodies(sim) == sorted([*demo_bodies, "after reset"])
        back = bodies(sim)
    finally:
        sim.stop()

    sim = start_simulator(tmp_path, extra_args=("--demo",))
    try:
        assert names(sim) == demo_names
        assert bodies(sim) == back  # not seeded twice
    finally:
        sim.stop()
