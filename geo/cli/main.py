"""The ``territory`` command.

Each command group lives beside the module it drives and parses its own arguments, so that
starting ``territory geoparse`` imports only what geoparsing needs.
"""

from __future__ import annotations

import importlib
import sys

from geo.errors import TerritoryError

#: command -> module whose ``main(argv) -> int`` runs it
COMMANDS: dict[str, tuple[str, str]] = {
    "geoparse": ("geo.cli.geoparse", "find and resolve the places each article names (JSON lines)"),
    "run": ("geo.cli.run", "geoparse a corpus, extract events and control, write GeoJSON, GPKG, CSV and map"),
    "gazetteer": ("geo.cli.gazetteer", "build, inspect, extend or download the offline gazetteer"),
    "boundaries": ("geo.cli.boundaries", "add governorate and district boundaries"),
}


def _usage() -> str:
    lines = ["usage: territory COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<11} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "territory COMMAND --help shows a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(_usage())
        return 0 if argv else 2
    if argv[0] == "--version":
        from geo import __version__

        print(f"territory {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"territory: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    try:
        return int(module.main(rest) or 0)
    except TerritoryError as exc:
        print(f"territory {command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
