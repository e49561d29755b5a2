"""Command line: ``python -m reappraise COMMAND``.

Commands
--------
``list``                          notebooks and their parameters (type, default, allowed values)
``run NOTEBOOK [-p NAME VALUE] [--scenario NAME]``
                                  execute a notebook with other parameters into ``runs/<name>/``
``scenario NAME``                 run every notebook the scenario ``scenarios/NAME.yaml`` touches
``compare NAME NAME [...]``       key results of several scenarios side by side
``publish NOTEBOOK``              execute a notebook with its defaults in place (used by ``make all``)
``check-data``                    validate every file in ``data/`` (``make all`` runs it before any notebook)
``site``                          build the offline HTML site into ``build/site/``

Bad input (unknown notebook or parameter, wrong type, out of range, a rule between
parameters broken, a run name that is not a plain name) is reported as one line per problem
on stderr with exit code 2, before any kernel starts; nothing is written. ``run``,
``scenario`` and ``compare`` write only under ``runs/``; Ctrl-C stops them with one line and
exit code 130.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from reappraise import paths
from reappraise.errors import ParameterError, ReappraiseError
from reappraise.pipeline import files, params, runner
from reappraise.pipeline.commands import JOBS, arg, command


def _run_name(notebook: str, values: dict) -> str:
    """A readable, timestamp-free folder name for a run: 'ci_method-jeffreys__confidence-0.9'.

    'defaults' without values; a name longer than :data:`files.MAX_NAME` is shortened with a hash.
    """
    if not values:
        return "defaults"
    return files.short_name("__".join(f"{k}-{v}" for k, v in sorted(values.items())))


def _check_run_name(name: str) -> str:
    """Refuse a ``--name`` that is not a plain name, or that names a folder ``run`` must not write."""
    from reappraise.pipeline import scenarios

    files.check_name(name, "run name")
    taken = {*files.RESERVED, *(s.casefold() for s in scenarios.available())}
    if name.casefold() in taken or name.casefold().startswith("compare-"):
        raise ParameterError(f"run name {name!r} is reserved for the publication, a scenario, the lab or a "
                             "comparison; choose another --name")
    return name


def cmd_list(args) -> int:
    for name in params.notebook_names():
        print(name)
        for p in params.load_schema(name).values():
            print(f"  {p.name:<22} {p.type:<5} default {p.default!r:<18} {p.allowed()}")
            if p.help and args.verbose:
                print(f"  {'':<22} {p.help}")
    return 0


def cmd_run(args) -> int:
    from reappraise.pipeline import scenarios

    name = params.resolve_notebook(args.notebook)
    base = scenarios.load(args.scenario).values.get(name, {}) if args.scenario else {}
    values = params.validate(name, {**base, **dict(args.param or [])})
    folder = files.run_folder(_check_run_name(args.name) if args.name is not None else _run_name(name, values))
    manifest = scenarios.read_manifest(folder) or {}
    if manifest.get("kind", "run") != "run":
        raise ParameterError(f"{paths.display(folder)}/ holds scenario {manifest.get('name')!r}; choose another --name")
    entries = manifest.get("notebooks", {})
    entries[name] = {"status": "running", "parameters": values}

    def record(status: str) -> None:
        entries[name]["status"] = status
        scenarios.write_manifest(folder, "run", folder.name, "", entries)

    print(f"running {name} -> {paths.display(folder)}/", file=sys.stderr)
    with files.confine(paths.RUNS, paths.BUILD):
        files.clean_scratch()
        record("running")
        try:
            found = runner.execute(name, folder / f"{name}.ipynb", values, folder / "figures")
            runner.write_results(found, folder / f"{name}.results.json")
            runner.write_html(folder / f"{name}.ipynb", folder / "html" / f"{name}.html")
        except ReappraiseError:
            record("failed")
            raise
        except BaseException:
            record("cancelled")
            raise
        record("done")
    print(f"done: {paths.display(folder)}/{name}.ipynb", file=sys.stderr)
    return 0


def cmd_scenario(args) -> int:
    from reappraise.pipeline import scenarios

    scenario = scenarios.load(args.name)
    if not scenario.values:
        print(f"scenario {args.name} sets no parameter; nothing to run", file=sys.stderr)
        return 0
    folder = scenarios.run(scenario, jobs=args.jobs)
    print(f"done: {paths.display(folder)}/ (compare with `python -m reappraise compare default {args.name}`)", file=sys.stderr)
    return 0


def cmd_compare(args) -> int:
    from reappraise.pipeline import compare

    df = compare.table(args.names)
    with files.confine(paths.RUNS):
        written = compare.write(df, args.names)
    print(compare.readable(df).to_markdown(index=False))
    print("\nwritten: " + ", ".join(paths.display(p) for p in written), file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    name = params.resolve_notebook(args.notebook)
    print(f"executing {name}", file=sys.stderr)
    runner.publish(name)
    return 0


def cmd_check_data(args) -> int:
    from reappraise.evidence import claims, concerns, definitions, ledger, studies, trials

    L = ledger.load()
    counts = {"ledger rows": len(L.table), "sources": len(L.sources), "claims": len(claims.load(L=L)),
              "definitions": len(definitions.load(ledger=L).by_name), "concerns": len(concerns.load()),
              "studies": len(studies.load(ledger=L).names())}
    extraction = trials.load_extraction()
    counts["extraction rows"], counts["trials"] = len(extraction), len(trials.load_trials(extraction=extraction))
    print("data: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + " pass every rule", file=sys.stderr)
    return 0


def cmd_site(args) -> int:
    from reappraise.pipeline import site

    import time

    start = time.perf_counter()
    entries = site.collect_entries()
    if site.update_readme(entries):
        print("README.md: findings table refreshed", file=sys.stderr)
    pages = site.build(paths.SITE, entries)
    print(f"site: {len(pages)} pages in {paths.display(paths.SITE)}/ in {time.perf_counter() - start:.1f} s "
          "(open index.html, or `make serve`)", file=sys.stderr)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m reappraise", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Rerun the reappraise notebooks under other assumptions, compare scenarios, build the site.",
        epilog="examples:\n  python -m reappraise list\n  python -m reappraise run 01 -p ci_method clopper-pearson\n"
               "  python -m reappraise scenario conservative\n  python -m reappraise compare default conservative")
    sub = top.add_subparsers(dest="command", required=True)
    command(sub, "list", cmd_list, "list notebooks and their parameters",
            arg("-v", "--verbose", action="store_true", help="also print each parameter's help"))
    command(sub, "run", cmd_run, "execute a notebook with other parameters into runs/",
            arg("notebook", help="notebook name or its number, e.g. 01"),
            arg("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set a parameter"),
            arg("--scenario", help="start from a scenario's values for this notebook (-p values override them)"),
            arg("--name", help="name of the run folder under runs/ (default: from the parameters)"))
    command(sub, "scenario", cmd_scenario, "run every notebook a scenario touches into runs/NAME/",
            arg("name", help="scenario name: a file scenarios/NAME.yaml"), JOBS)
    command(sub, "compare", cmd_compare, "compare key results across scenarios",
            arg("names", nargs="+", help="scenario names, e.g. default conservative optimistic"))
    command(sub, "publish", cmd_publish, "execute a notebook with its defaults in place (make all)", arg("notebook"))
    command(sub, "check-data", cmd_check_data, "validate every file in data/ (make all runs it before any notebook)")
    command(sub, "site", cmd_site, "build the offline HTML site into build/site/")
    from reappraise.pipeline import studies_cli  # new-study, check-study, study, compare-studies

    studies_cli.register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ReappraiseError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as exc:
        from reappraise.pipeline import scenarios

        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            scenarios.kill_children()
            files.clean_scratch(pids={os.getpid()})
        finally:
            signal.signal(signal.SIGINT, previous)
        print(f"interrupted: {exc}" if str(exc) else "interrupted", file=sys.stderr)
        return 130
