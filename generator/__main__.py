"""The policy-pack command: the CLI, with Ctrl-C at any moment (starting up included) ending in one line."""

from __future__ import annotations

import os
import signal
import sys

from generator import INTERRUPTED


def run() -> None:
    try:
        code = _main()
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        code = 130
    except SystemExit as stop:  # the CLI decided (an interrupted build says so itself)
        code = _exit_code(stop)
    _finish(code)


def _exit_code(stop: SystemExit) -> int:
    """The code sys.exit asked for, as Python itself reads it (None is success, a message is printed and fails)."""
    if stop.code is None or isinstance(stop.code, int):
        return stop.code or 0
    print(stop.code, file=sys.stderr)
    return 1


def _main() -> int:
    import click

    from generator.cli import main

    try:
        code = main.main(standalone_mode=False)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except click.Abort:
        raise KeyboardInterrupt from None
    return code if isinstance(code, int) else 0


def _finish(code: int) -> None:
    """Exit with the outcome's code; a late Ctrl-C (during interpreter shutdown) cannot change it.

    After an interrupt, Python may exit by re-raising SIGINT whatever code was asked for (it does when a
    KeyboardInterrupt passed through certain places before being handled), so an interrupted run leaves at once.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if code == 130:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    run()
