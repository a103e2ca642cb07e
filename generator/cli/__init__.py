"""The policy-pack command line -> validation, builds, look-ups and releases. Thin: the work is elsewhere.

A module per command or family of commands; each adds its commands to the one group, ``main``.
"""

from generator.cli import build, lookups, new, releases, serve, signatures, validate
from generator.cli.app import main

__all__ = ["build", "lookups", "main", "new", "releases", "serve", "signatures", "validate"]
