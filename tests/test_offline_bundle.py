"""The offline bundle for locked-down laptops (issue 8): ``scripts/make_offline_bundle.py``.

The slow test builds a real Linux bundle with no network: its wheels come from a wheelhouse
packed from this very environment (tests/wheelhouse.py), held to constraints.txt as on a build
machine. It installs the bundle the way IT would, with pip cut off from any index, and runs the
installed app. The Windows bundle needs Windows wheels from the index: it is marked
``network`` and left out of the default run (``python -m pytest -m network``; CI runs it).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from wheelhouse import wheelhouse

PROJECT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT / "scripts" / "make_offline_bundle.py"
TEMPLATES = PROJECT / "scripts" / "offline_bundle"
GUARD_DIR = Path(__file__).resolve().parent / "network_guard"
RUNNING_PYTHON = "{}.{}".format(*sys.version_info[:2])
UNREACHABLE_PROXY = "http://127.0.0.1:9"  # the discard port: nothing answers


def _real_pip_cache() -> str:
    """pip's cache of the real user, read at import time (before conftest swaps HOME)."""
    if os.environ.get("PIP_CACHE_DIR"):
        return os.environ["PIP_CACHE_DIR"]
    from platformdirs import user_cache_dir

    return user_cache_dir("pip")


PIP_CACHE = _real_pip_cache()


def _load_script():
    spec = importlib.util.spec_from_file_location("make_offline_bundle", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


bundler = _load_script()


def _build(out: Path, *args: str, offline: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIP_CACHE_DIR": PIP_CACHE}
    if offline:  # only the wheelhouse: no pip settings of this machine, no index reachable
        env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
        env.update(
            {
                "PIP_CONFIG_FILE": os.devnull,
                "HTTP_PROXY": UNREACHABLE_PROXY,
                "HTTPS_PROXY": UNREACHABLE_PROXY,
                "PIP_NO_CACHE_DIR": "1",
            }
        )
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *args],
        stdin=subprocess.DEVNULL,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# --------------------------------------------------------------------------- fast: the resolver


def _fake_wheel(folder: Path, filename: str, requires: list[str], python: str = "") -> None:
    name, version = filename.split("-")[:2]
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Python: {python}"] if python else []
    lines += [f"Requires-Dist: {req}" for req in requires]
    with zipfile.ZipFile(folder / filename, "w") as archive:
        archive.writestr(f"{name}-{version}.dist-info/METADATA", "\n".join(lines) + "\n")


def _target(platform: str, python: str):
    return bundler.Target(bundler.PLATFORMS[platform], python)


def test_dependencies_are_resolved_with_the_target_markers(tmp_path: Path) -> None:
    """pip downloads with the build machine's markers; the bundle must follow the target's."""
    _fake_wheel(
        tmp_path,
        "app-1.0-py3-none-any.whl",
        [
            'winonly; platform_system == "Windows"',
            'linuxonly; sys_platform == "linux"',
            "lib[fancy]>=1",
            'old-backport; python_version < "3.12"',
        ],
    )
    _fake_wheel(tmp_path, "lib-1.2-py3-none-any.whl", ['fancydep; extra == "fancy"', "native"])
    _fake_wheel(tmp_path, "native-1.0-cp311-cp311-win_amd64.whl", [])
    _fake_wheel(tmp_path, "native-1.0-cp311-cp311-manylinux_2_17_x86_64.whl", [])
    _fake_wheel(tmp_path, "fancydep-1.0-py3-none-any.whl", [], python=">=3.12")

    windows = bundler.missing_requirements(tmp_path, _target("win_amd64", "3.11"), ["app"])
    linux = bundler.missing_requirements(tmp_path, _target("linux_x86_64", "3.11"), ["app"])
    linux_312 = bundler.missing_requirements(tmp_path, _target("linux_x86_64", "3.12"), ["app"])

    # fancydep is there but needs Python 3.12; native has no cp312 wheel.
    assert windows == ["fancydep", "old-backport", "winonly"]
    assert linux == ["fancydep", "linuxonly", "old-backport"]
    assert linux_312 == ["linuxonly", "native"]


def test_a_complete_folder_has_nothing_missing(tmp_path: Path) -> None:
    _fake_wheel(tmp_path, "app-1.0-py3-none-any.whl", ["lib>=2"])
    _fake_wheel(tmp_path, "lib-1.0-py3-none-any.whl", [])
    target = _target("linux_x86_64", "3.11")
    assert bundler.missing_requirements(tmp_path, target, ["app"]) == ["lib>=2"]
    _fake_wheel(tmp_path, "lib-2.1-py3-none-any.whl", [])
    assert bundler.missing_requirements(tmp_path, target, ["app"]) == []


def test_the_postgres_extra_is_resolved_for_each_target(tmp_path: Path) -> None:
    """--with-postgres: what the extra adds is read from our own wheel, and the resolver follows
    it with each target's markers (the binary wheel per platform)."""
    _fake_wheel(
        tmp_path,
        "spp_tui-1.0-py3-none-any.whl",
        ["textual>=8", 'psycopg[binary]>=3.1; extra == "postgres"', 'pytest; extra == "test"'],
    )
    own = tmp_path / "spp_tui-1.0-py3-none-any.whl"
    assert bundler.extra_requirements(own, "postgres") == ["psycopg[binary]>=3.1"]
    with pytest.raises(bundler.BundleError, match="no extra 'oracle'"):
        bundler.extra_requirements(own, "oracle")
    _fake_wheel(tmp_path, "textual-8.0-py3-none-any.whl", [])
    _fake_wheel(
        tmp_path,
        "psycopg-3.2-py3-none-any.whl",
        [
            'psycopg-binary==3.2; implementation_name != "pypy" and extra == "binary"',
            'tzdata; sys_platform == "win32"',
        ],
    )
    _fake_wheel(tmp_path, "psycopg_binary-3.2-cp311-cp311-manylinux_2_17_x86_64.whl", [])
    root = ["spp-tui[postgres]==1.0"]
    linux = bundler.missing_requirements(tmp_path, _target("linux_x86_64", "3.11"), root)
    windows = bundler.missing_requirements(tmp_path, _target("win_amd64", "3.11"), root)
    assert linux == []
    assert windows == ["psycopg-binary==3.2", "tzdata"]
    assert bundler.missing_requirements(tmp_path, _target("win_amd64", "3.11"), ["spp-tui"]) == []


def test_the_installer_installs_the_extras_the_bundle_was_built_with(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path, [], {})
    spec = importlib.util.spec_from_file_location("bundle_install", bundle / "install.py")
    installer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(installer)
    assert installer.requirement({"version": "9.9.9"}) == "spp-tui==9.9.9"
    with_pg = {"version": "9.9.9", "extras": ["postgres"]}
    assert installer.requirement(with_pg) == "spp-tui[postgres]==9.9.9"


def test_linux_wheels_must_run_on_the_oldest_supported_glibc() -> None:
    tags = bundler.PLATFORMS["linux_x86_64"].pip_platforms
    assert tags[0] == "manylinux_2_28_x86_64"
    assert "manylinux2014_x86_64" in tags and "manylinux1_x86_64" in tags
    assert not any(tag.startswith(("manylinux_2_29", "manylinux_2_3")) for tag in tags)


def test_bad_arguments_are_one_line(tmp_path: Path) -> None:
    for args in (["--platform", "macos"], ["--python", "3.9"], ["--python", "three"]):
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--out", str(tmp_path), *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert result.stderr.startswith("make_offline_bundle: error: ")
        assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- fast: the installer


def _fake_bundle(tmp_path: Path, targets: list[dict[str, str]], wheels: dict[str, str]) -> Path:
    bundle = tmp_path / "bundle"
    (bundle / "wheels").mkdir(parents=True)
    bundler.write_support_files(bundle, "9.9.9", [])
    manifest = {"name": "spp-tui", "version": "9.9.9", "targets": targets, "wheels": wheels}
    (bundle / "bundle.json").write_text(json.dumps(manifest), encoding="utf-8")
    return bundle


def _this_platform() -> str:
    return "win_amd64" if sys.platform == "win32" else "linux_x86_64"


def test_installer_refuses_a_python_the_bundle_has_no_wheels_for(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path, [{"platform": _this_platform(), "python": "3.99"}], {})
    check = subprocess.run(
        [sys.executable, str(bundle / "install.py"), "--check"], capture_output=True, text=True
    )
    install = subprocess.run(
        [sys.executable, str(bundle / "install.py")], capture_output=True, text=True
    )
    assert check.returncode == 3
    assert install.returncode == 3
    assert f"no wheels for {_this_platform()} with Python {RUNNING_PYTHON}" in install.stderr
    assert "3.99" in install.stderr
    assert "Traceback" not in install.stderr
    assert not (Path.home() / ".local").exists()  # nothing was created


@pytest.mark.skipif(sys.platform == "win32", reason="install.sh is for Linux")
def test_install_sh_does_not_swap_a_python_the_user_chose(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path, [{"platform": _this_platform(), "python": "3.99"}], {})
    result = subprocess.run(
        ["sh", str(bundle / "install.sh")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert f"PYTHON={sys.executable} cannot be used" in result.stderr
    assert f"with Python {RUNNING_PYTHON}" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="install.sh is for Linux")
def test_installer_refuses_a_damaged_bundle_before_touching_anything(tmp_path: Path) -> None:
    targets = [{"platform": _this_platform(), "python": RUNNING_PYTHON}]
    bundle = _fake_bundle(tmp_path, targets, {"pip-1-py3-none-any.whl": "0" * 64})
    result = subprocess.run(
        ["sh", str(bundle / "install.sh")],
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "damaged or incomplete; copy the whole folder again" in result.stderr
    assert "pip-1-py3-none-any.whl (missing)" in result.stderr
    assert not (Path.home() / ".local").exists()
    assert not Path(os.environ["XDG_DATA_HOME"], "spp-tui").exists()


def test_bundle_text_files_suit_their_platform(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path, [], {})
    bat = (bundle / "install.bat").read_bytes()
    shell = (bundle / "install.sh").read_bytes()
    assert b"\r\n" in bat and b"\n" not in bat.replace(b"\r\n", b"")  # cmd.exe wants CRLF
    assert b"\r" not in shell  # sh refuses CRLF
    assert shell.startswith(b"#!/bin/sh")
    for text in (bat, shell, (bundle / "INSTALL.txt").read_bytes()):
        assert b"{{" not in text and b"9.9.9" in text


# --------------------------------------------------------------------------- slow: real bundles


@pytest.mark.slow
@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.uname().machine != "x86_64",
    reason="installs the Linux x86_64 bundle",
)
def test_linux_bundle_installs_and_runs_without_network(tmp_path: Path) -> None:
    """Built, unzipped, installed and run with no network, as IT does on a laptop; built
    ``--with-postgres``, so psycopg and its binary wheel travel too (no compiler, no libpq on
    the laptop). One build for both: each costs about 40 s of pip on the 2-core machine, and
    a bundle without the extra installs the same way (its wheel list: the unit tests above)."""
    from importlib import metadata

    # What the build needs: spp-tui's dependencies, pip (travels in the bundle), and the
    # build backend for spp-tui's own wheel; all from this environment, none downloaded.
    roots = [*(r for r in metadata.requires("spp-tui") if "extra ==" not in r), "pip"]
    house = wheelhouse(tmp_path / "wheelhouse", [*roots, "psycopg[binary]", "setuptools"])
    out = tmp_path / "out"
    _build(
        out,
        *("--platform", "linux_x86_64", "--python", RUNNING_PYTHON),
        *("--wheelhouse", str(house), "--with-postgres"),
        offline=True,
    )
    zip_path = out / f"spp-tui-{bundler.project_version(PROJECT)}-offline.zip"

    # IT unzips the archive on the laptop; install from that copy, not the build folder.
    laptop = tmp_path / "laptop"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(laptop)
        mode = archive.getinfo(f"{zip_path.name.removesuffix('-offline.zip')}/install.sh")
        assert (mode.external_attr >> 16) & 0o111, "install.sh lost its executable bit"
    (bundle,) = laptop.iterdir()
    wheel_names = sorted(p.name for p in (bundle / "wheels").glob("*.whl"))
    assert any(name.startswith("spp_tui-") for name in wheel_names)
    assert any(name.startswith("sqlalchemy-") for name in wheel_names)
    info = json.loads((bundle / "bundle.json").read_text(encoding="utf-8"))
    assert info["extras"] == ["postgres"]
    assert any(n.startswith("psycopg-") for n in wheel_names), wheel_names
    assert any(n.startswith("psycopg_binary-") for n in wheel_names), wheel_names

    offline = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    offline.update(
        {
            "HTTP_PROXY": UNREACHABLE_PROXY,
            "HTTPS_PROXY": UNREACHABLE_PROXY,
            "http_proxy": UNREACHABLE_PROXY,
            "https_proxy": UNREACHABLE_PROXY,
            "PIP_NO_INDEX": "1",
            "PYTHON": getattr(sys, "_base_executable", sys.executable),
        }
    )
    install = subprocess.run(
        ["sh", str(bundle / "install.sh")],
        env=offline,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    assert "Done. Start the app with:" in install.stdout

    venv = Path(os.environ["XDG_DATA_HOME"]) / "spp-tui" / "venv"
    launcher = Path.home() / ".local" / "bin" / "spp-tui"
    assert launcher.is_symlink() and launcher.resolve() == (venv / "bin" / "spp-tui").resolve()

    # The app that runs is the installed copy, not this source tree.
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import spp_tui; print(spp_tui.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr
    driver = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import psycopg; print(psycopg.pq.__impl__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert driver.stdout.strip() == "binary", driver.stdout + driver.stderr

    # Run it as the user would, with every network attempt blocked and recorded.
    network_log = tmp_path / "network.log"
    run_env = {**offline, "PYTHONPATH": str(GUARD_DIR), "SPP_TUI_NETWORK_LOG": str(network_log)}
    version = subprocess.run(
        [str(launcher), "--version"], env=run_env, capture_output=True, text=True, cwd=tmp_path
    )
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == f"spp-tui, version {bundler.project_version(PROJECT)}"

    db = tmp_path / "meetings.sqlite3"
    demo = subprocess.run(
        [str(launcher), "demo", "--db", str(db)],
        env=run_env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    assert str(db) in demo.stdout
    assert db.stat().st_size > 0
    assert not network_log.exists() or network_log.read_text() == ""

    # Reinstalling (an upgrade) rebuilds the environment but keeps the data beside it.
    (venv.parent / "spp-tui.sqlite3").write_bytes(b"stand-in for the user's data")
    again = subprocess.run(
        ["sh", str(bundle / "install.sh")], env=offline, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert (venv.parent / "spp-tui.sqlite3").read_bytes() == b"stand-in for the user's data"
    rerun = subprocess.run([str(launcher), "--version"], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr


@pytest.mark.slow
@pytest.mark.network
def test_windows_bundle_resolves_offline_with_pip(tmp_path: Path) -> None:
    """Windows is the usual laptop; pip itself must find every dependency in the folder."""
    out = tmp_path / "out"
    _build(out, "--platform", "win_amd64", "--python", "3.12", "--no-zip")
    (bundle,) = (p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))
    wheels = sorted((bundle / "wheels").glob("*.whl"))
    assert all(w.name.endswith(("-win_amd64.whl", "-none-any.whl")) for w in wheels), wheels
    assert not (out / f"{bundle.name}-offline.zip").exists()

    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env.update(
        {"PIP_CONFIG_FILE": os.devnull, "HTTPS_PROXY": UNREACHABLE_PROXY, "PIP_NO_INDEX": "1"}
    )
    # pip evaluates markers for this machine, the script's resolver for Windows: check both.
    resolve = subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--no-index"),
            *("--find-links", str(bundle / "wheels"), "--only-binary=:all:"),
            *("--platform", "win_amd64", "--python-version", "3.12", "--implementation", "cp"),
            *("--target", str(tmp_path / "target"), "--report", str(report), "spp-tui"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resolve.returncode == 0, resolve.stderr
    installed = {
        item["metadata"]["name"].lower() for item in json.loads(report.read_text())["install"]
    }
    assert {"spp-tui", "textual", "sqlmodel", "python-docx", "alembic"} <= installed
    target = bundler.Target(bundler.PLATFORMS["win_amd64"], "3.12")
    assert bundler.missing_requirements(bundle / "wheels", target, ["spp-tui", "pip"]) == []
    manifest = json.loads((bundle / "bundle.json").read_text())
    assert manifest["targets"] == [{"platform": "win_amd64", "python": "3.12"}]
    assert set(manifest["wheels"]) == {w.name for w in wheels}
