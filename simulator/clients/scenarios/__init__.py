"""Running scenarios against a simulator over HTTP (the scenarios themselves, as data, are
``smsim.domain.scenarios``)."""
