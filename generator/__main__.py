"""The policy-pack command: the CLI, with Ctrl-C at any moment (starting up included) ending in one line."""

from __future__ import annotations

import signal
import sys

INTERRUPTED = "Interrupted; the previous output is unchanged."


def run() -> None:
    try:
        import click

        from generator.cli import main

        try:
            code = main.main(standalone_mode=False)
        except click.ClickException as error:
            error.show()
            sys.exit(error.exit_code)
        except click.Abort:
            raise KeyboardInterrupt from None
    except KeyboardInterrupt:
        _finish()
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    _finish()
    sys.exit(code if isinstance(code, int) else 0)


def _finish() -> None:
    """Once the outcome is known, a late Ctrl-C (during interpreter shutdown) cannot turn it into a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    run()
