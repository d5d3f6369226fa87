"""The HTTP layer: the Twilio surface (api), the control plane (control), the app factory."""
