"""``smsim diagnose``: the guide's decision tree over the evidence a developer has.

It talks to a simulator (or to real Twilio) only through HTTP: the Messages API through the
official SDK, and, where the simulator offers them, the control plane's evidence endpoints.
"""
