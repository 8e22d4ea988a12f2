"""Install spp-tui {{VERSION}} for the current user: no admin rights, no network.

Run by install.sh / install.bat (or directly: ``python install.py``). Standard library only,
and plain enough syntax that an old Python 3 still reaches the "wrong Python" message.

Steps: check this Python fits the bundle, check the wheels are intact (bundle.json holds their
SHA-256), create a private environment in the user's data folder, install spp-tui into it
from ``wheels/`` only (``pip --no-index``; pip itself comes from the bundle, so neither
ensurepip nor a download is needed), then add a launcher the user can run.
"""

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
WHEELS = HERE / "wheels"
APP = "spp-tui"
WINDOWS = os.name == "nt"


def say(message=""):
    print(message, flush=True)


def fail(message, status=1):
    print("spp-tui install: error: " + message, file=sys.stderr, flush=True)
    sys.exit(status)


def manifest():
    return json.loads((HERE / "bundle.json").read_text(encoding="utf-8"))


def this_platform():
    machine = platform.machine().lower()
    if sys.platform == "win32" and machine in ("amd64", "x86_64"):
        return "win_amd64"
    if sys.platform.startswith("linux") and machine in ("x86_64", "amd64"):
        return "linux_x86_64"
    return sys.platform + "_" + machine


def unsupported_reason(info):
    """None if this Python can install the bundle, else a sentence saying why not."""
    python = "{}.{}".format(*sys.version_info[:2])
    here = this_platform()
    targets = info["targets"]
    if sys.maxsize <= 2**32:
        return "this Python is 32-bit; a 64-bit Python is needed"
    if not any(t["platform"] == here and t["python"] == python for t in targets):
        offered = ", ".join(sorted({t["platform"] + "/Python " + t["python"] for t in targets}))
        return f"this bundle has no wheels for {here} with Python {python} (it has: {offered})"
    return None


def app_home():
    """The user's data folder for spp-tui (the same one the app keeps its database in)."""
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / APP


def check_wheels(info):
    damaged = []
    for name, expected in sorted(info["wheels"].items()):
        path = WHEELS / name
        if not path.is_file():
            damaged.append(name + " (missing)")
            continue
        if hashlib.sha256(path.read_bytes()).hexdigest() != expected:
            damaged.append(name + " (changed)")
    if damaged:
        fail(
            "the bundle is damaged or incomplete; copy the whole folder again. "
            + "; ".join(damaged)
        )


def venv_python(env_dir):
    return env_dir / ("Scripts/python.exe" if WINDOWS else "bin/python")


def venv_app(env_dir):
    return env_dir / ("Scripts/spp-tui.exe" if WINDOWS else "bin/spp-tui")


def offline_pip_environment():
    """pip settings from this machine (a proxy, an index, a config file) must not matter."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_INPUT"] = "1"
    env.pop("PYTHONPATH", None)
    return env


def requirement(info):
    """spp-tui at the bundle's version, with the extras it was built with (postgres)."""
    extras = info.get("extras") or []
    return APP + ("[" + ",".join(extras) + "]" if extras else "") + "==" + info["version"]


def install(env_dir, info):
    pip_wheels = sorted(WHEELS.glob("pip-*-py3-none-any.whl"))
    if not pip_wheels:
        fail("the bundle has no pip wheel; rebuild it with make_offline_bundle.py")
    say("Creating a private Python environment in " + str(env_dir))
    # clear=True: a reinstall or upgrade starts clean; the database lives beside, not inside.
    try:
        venv.EnvBuilder(clear=True, with_pip=False, symlinks=not WINDOWS).create(str(env_dir))
    except OSError as exc:  # Windows locks the files of a running program
        fail(f"could not (re)create {env_dir}: {exc}. Close spp-tui if it is running and try again")
    python = venv_python(env_dir)
    say("Installing spp-tui " + info["version"] + " from " + str(WHEELS) + " (no network)")
    command = [
        str(python),
        str(pip_wheels[-1] / "pip"),  # run pip straight from its wheel
        "install",
        "--no-index",
        "--find-links",
        str(WHEELS),
        "--no-cache-dir",
        "--disable-pip-version-check",
        "--quiet",
        "pip",
        requirement(info),
    ]
    result = subprocess.run(command, env=offline_pip_environment())
    if result.returncode != 0:
        fail(f"pip could not install from the bundle (exit {result.returncode}); see above")
    check = subprocess.run([str(venv_app(env_dir)), "--version"], capture_output=True, text=True)
    if check.returncode != 0:
        fail("installed, but spp-tui does not start: " + (check.stderr or check.stdout).strip())
    say("Installed: " + check.stdout.strip())


def windows_desktop():
    try:
        import ctypes

        buffer = ctypes.create_unicode_buffer(260)
        csidl_desktopdirectory = 0x0010
        if (
            ctypes.windll.shell32.SHGetFolderPathW(None, csidl_desktopdirectory, None, 0, buffer)
            == 0
        ):
            return Path(buffer.value)
    except (AttributeError, OSError):
        pass
    return Path.home() / "Desktop"


def add_launcher(env_dir, home):
    """A way to start the app without knowing where the environment is. Returns the command."""
    app = venv_app(env_dir)
    if WINDOWS:
        text = f'@echo off\r\n"{app}" %*\r\nif errorlevel 1 pause\r\n'
        launchers = [home / "spp-tui.bat"]
        desktop = windows_desktop()
        if desktop.is_dir():
            launchers.append(desktop / "spp-tui.bat")
        for launcher in launchers:
            try:
                launcher.write_text(text, encoding="utf-8", newline="")
                say("Launcher: " + str(launcher))
            except OSError as exc:
                say("Could not write " + str(launcher) + ": " + str(exc))
        return str(launchers[-1])
    bin_dir = Path.home() / ".local" / "bin"
    link = bin_dir / APP
    bin_dir.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or not link.exists():
        if link.is_symlink():
            link.unlink()
        link.symlink_to(app)
        say("Launcher: " + str(link) + " -> " + str(app))
    else:
        say("Left " + str(link) + " alone (not a link we made); run " + str(app))
        return str(app)
    on_path = str(bin_dir) in os.environ.get("PATH", "").split(os.pathsep)
    if not on_path:
        say("Note: " + str(bin_dir) + " is not on your PATH; run " + str(link))
        return str(link)
    return APP


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Install spp-tui for the current user from this folder, without network."
    )
    parser.add_argument(
        "--check", action="store_true", help="only say whether this Python fits the bundle"
    )
    parser.add_argument(
        "--venv", type=Path, help="where to create the environment (default: user data folder)"
    )
    parser.add_argument("--no-launcher", action="store_true", help="do not add a launcher")
    args = parser.parse_args(argv)

    info = manifest()
    reason = unsupported_reason(info)
    if args.check:
        if reason:
            print(sys.executable + ": " + reason, file=sys.stderr)
            return 3
        return 0
    if reason:
        fail(reason, status=3)

    check_wheels(info)
    home = app_home()
    env_dir = (args.venv or home / "venv").resolve()
    install(env_dir, info)
    command = str(venv_app(env_dir)) if args.no_launcher else add_launcher(env_dir, home)
    say()
    say("Done. Start the app with:  " + command)
    say("Your data will be kept in " + str(home) + " (not inside the environment).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
