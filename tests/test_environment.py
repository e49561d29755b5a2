"""The environment: one pinned lock, and environment.yml names the same packages at the same versions."""

import re

import yaml

from reappraise import paths


def lock_pins():
    text = (paths.ROOT / "requirements.lock").read_text()
    return {name.lower().replace("_", "-"): version for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)}


def top_level_requirements():
    lines = (paths.ROOT / "requirements.in").read_text().splitlines()
    return [re.split(r"[\[<>=!~ ]", l.strip())[0].lower() for l in lines if l.strip() and not l.startswith("#")]


def environment_pins():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pins = dict(re.match(r"^([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?==(\S+)$", p).groups() for p in pip if "==" in p)
    return env, {k.lower().replace("_", "-"): v for k, v in pins.items()}, pip


def test_every_top_level_requirement_is_pinned_in_the_lock():
    pins = lock_pins()
    for name in top_level_requirements():
        assert name in pins, f"{name} is in requirements.in but not in requirements.lock"


def test_environment_yml_names_the_same_packages_as_the_lock_at_the_same_versions():
    env, pins, _ = environment_pins()
    lock = lock_pins()
    assert set(pins) == set(top_level_requirements())
    for name, version in pins.items():
        assert lock[name] == version, f"{name}: environment.yml {version} vs lock {lock[name]}"


def test_environment_yml_installs_the_whole_lock_and_the_package_for_binder_users():
    env, _, pip = environment_pins()
    assert "-r requirements.lock" in pip and "-e ." in pip


SUPPORTED = ("3.11", "3.12", "3.13")


def test_every_place_that_names_the_supported_pythons_names_the_same_range():
    pyproject = (paths.ROOT / "pyproject.toml").read_text()
    assert 'requires-python = ">=3.11,<3.14"' in pyproject
    assert re.findall(r"Programming Language :: Python :: (3\.\d+)", pyproject) == list(SUPPORTED)
    env, _, _ = environment_pins()
    assert "python>=3.11,<3.14" in env["dependencies"]
    setup = (paths.ROOT / "tools" / "setup-env.sh").read_text()
    assert f'SUPPORTED="{" ".join(SUPPORTED)}"' in setup
    assert "Python 3.11, 3.12 or 3.13" in (paths.ROOT / "README.md").read_text()


def test_the_lock_is_universal_one_version_of_each_package_for_every_supported_python():
    text = (paths.ROOT / "requirements.lock").read_text()
    names = re.findall(r"^([A-Za-z0-9_.-]+)==", text, re.M)
    assert len(names) == len(set(names)), "a package is pinned twice (per-Python pins would break identical outputs)"
    assert "--universal" in (paths.ROOT / "Makefile").read_text()


def test_the_lock_pins_pingouin_0_7_or_later_for_python_3_11():
    major, minor = map(int, lock_pins()["pingouin"].split(".")[:2])
    assert (major, minor) >= (0, 7)


def test_the_lock_leaves_out_the_uri_format_checker_that_costs_every_notebook_process_a_second_and_a_half():
    """rfc3987-syntax (an optional jsonschema format checker, via jupyter-events) builds a Lark parser on
    import: about 1.4 s on every process that imports nbformat (each run, publish, nbval and site build).
    Nothing in the project validates URI formats, so the lock omits it (make lock: --no-emit-package)."""
    lock = lock_pins()
    assert "rfc3987-syntax" not in lock and "lark" not in lock
    assert "--no-emit-package rfc3987-syntax" in (paths.ROOT / "Makefile").read_text()
