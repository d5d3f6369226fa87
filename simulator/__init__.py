"""smsim: a local Twilio-compatible SMS simulator and fault injector."""

__version__ = "0.1.0"
