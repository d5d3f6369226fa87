"""The lessons: one TOML file per section of the guide (docs/lessons.md), shipped in the
wheel and read by ``smsim.domain.lessons``. No code lives here."""
