"""Building blocks of the command line's sub-commands (used by ``cli`` and ``studies_cli``)."""

from __future__ import annotations


def arg(*flags: str, **options) -> tuple[tuple[str, ...], dict]:
    """One argument of a sub-command: ``arg("-j", "--jobs", type=int)`` -> (flags, options)."""
    return flags, options


#: The --jobs option of the commands that run several notebooks.
JOBS = arg("-j", "--jobs", type=int, help="notebooks run at once (default: the number of cores)")


def command(sub, name: str, func, help: str, *arguments: tuple[tuple[str, ...], dict]) -> None:
    """Add the sub-command ``name``, which runs ``func(args)``, with ``arguments`` (from :func:`arg`) to ``sub``."""
    p = sub.add_parser(name, help=help)
    for flags, options in arguments:
        p.add_argument(*flags, **options)
    p.set_defaults(func=func)
