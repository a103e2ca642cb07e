"""The policy-pack command: the CLI, with Ctrl-C while it starts up ending in one line rather than a traceback."""

from __future__ import annotations

import sys

INTERRUPTED = "Interrupted; the previous output is unchanged."


def run() -> None:
    try:
        from generator.cli import main

        main()
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
