"""Clients: talk to a simulator over HTTP only (and `serve`, which boots one)."""
