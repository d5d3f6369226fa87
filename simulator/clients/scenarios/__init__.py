"""Scenarios as data: a world, steps an app and handsets take, and the symptoms expected."""
