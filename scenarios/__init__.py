"""The scenario pack: one TOML file per symptom of the guide (format in docs/scenarios.md).

A package only so that the wheel carries it as ``smsim.scenario_pack``."""
