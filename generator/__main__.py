"""The policy-pack command: the CLI, with Ctrl-C at any moment (starting up included) ending in one line."""

from __future__ import annotations

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
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
