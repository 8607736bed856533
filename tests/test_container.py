"""The container image, tested twice: the image's install (the wheel, not the checkout), its
configuration by environment, its command and its HEALTHCHECK in a clean virtualenv (fast, no
engine needed); then the image itself, built from the Dockerfile and run with podman, as a
container user runs it. No registry can be reached from these machines: the base image is built
from Debian's packages by .ci/container-base (cached per machine). The podman tests skip, saying
why, when podman is not installed (.ci/run installs it with apt when it runs as root)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from monitor import __version__
from tests.conftest import (
    OFF_TOPIC,
    ON_POSTGRES,
    ON_TOPIC,
    SmtpServer,
    free_port,
    rss,
    write_config,
)
from tests.outlet import OutletServer
from tests.test_workers import alert

ROOT = Path(__file__).parent.parent


@pytest.mark.skipif(ON_POSTGRES, reason="the image test runs once, in the SQLite pass")
def test_image_commands_in_a_clean_virtualenv(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels),
                    str(ROOT)], check=True, capture_output=True)  # fmt: skip
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next((venv / "lib").glob("python*/site-packages"))
    # Dependencies come from the test environment (no network needed); the project itself only
    # from its wheel, as in the image.
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "--no-deps", "--no-index",
                    *map(str, wheels.glob("*.whl"))], check=True, capture_output=True)  # fmt: skip
    app = tmp_path / "app"
    (app / "storage").mkdir(parents=True)
    (app / "sources.toml").write_text((ROOT / "sources.toml").read_text())
    port = free_port()
    dockerfile = (ROOT / "Dockerfile").read_text()
    env_block = re.search(r"^ENV (.+?)(?=^\S)", dockerfile, re.M | re.S)
    assert env_block
    env = {k: v for k, v in os.environ.items() if not k.startswith("MONITOR_")}
    env.update(dict(re.findall(r"(\w+)=(\S+)", env_block.group(1))))
    env["MONITOR_CONFIG"] = str(app / "sources.toml")  # /app/sources.toml in the image
    env["MONITOR_SERVER_PORT"] = str(port)
    env["PATH"] = f"{venv / 'bin'}:{env['PATH']}"
    run = [str(venv / "bin" / "monitor")]
    check = subprocess.run([*run, "check-config"], env=env, capture_output=True, text=True)
    assert check.returncode == 0 and "valid" in check.stdout
    upgrade = subprocess.run([*run, "db", "upgrade"], env=env, cwd=app, capture_output=True,
                             text=True)  # fmt: skip
    assert upgrade.returncode == 0, upgrade.stderr
    assert (app / "storage" / "archive.db").exists()
    # Sources are disabled for this run: the machine has no network, and the test needs none.
    text = (app / "sources.toml").read_text()
    text = re.sub(r'^(kind = "(feed|html)")$', r"\1\nenabled = false", text, flags=re.M)
    (app / "sources.toml").write_text(text)
    entrypoint = json.loads(re.search(r"^ENTRYPOINT (.+)$", dockerfile, re.M).group(1))
    cmd = json.loads(re.search(r"^CMD (.+)$", dockerfile, re.M).group(1))
    assert entrypoint == ["monitor"] and cmd == ["run"]
    proc = subprocess.Popen(
        [str(venv / "bin" / entrypoint[0]), *cmd],
        env=env, cwd=app, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        health = re.search(r"^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$", dockerfile, re.M)
        assert health
        probe = json.loads(health.group(1))
        probe = [str(venv / "bin" / "python") if p == "python" else p for p in probe]
        deadline, ok = time.monotonic() + 30, False
        while time.monotonic() < deadline and not ok:  # the probe reads MONITOR_SERVER_PORT
            ok = subprocess.run(probe, env=env, capture_output=True).returncode == 0
            time.sleep(0.3)
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert ok, f"HEALTHCHECK failed: {shlex.join(probe)}\n{err}"
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    # Start-up logs: one line saying what started, no library chatter.
    assert f"INFO monitor: started high-north-monitor {__version__}, archive sqlite:///" in err
    assert "archive.db, 0 sources" in err, err
    assert "alembic.runtime.plugins" not in err and "Context impl" not in err, err


# --- The image itself, with podman ---------------------------------------------------------

IMAGE = "localhost/high-north-monitor:test"
# crun refuses these machines' hybrid cgroups and no systemd runs here: runc, cgroupfs.
PODMAN = ["podman", "--runtime", "runc", "--cgroup-manager=cgroupfs"]
# Without explicit limits the runtime may leave RLIMIT_NPROC unset here; the network is the
# host's, so the container reaches only what the host does: the outlet on 127.0.0.1.
RUN = ["run", "--network=host", "--ulimit", "nofile=20000:20000", "--ulimit", "nproc=4096:4096",
       "--health-interval=disable"]  # fmt: skip
SECRET = "container-test-secret-0123456789"


def podman(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([*PODMAN, *args], capture_output=True, text=True, timeout=timeout)
    if check:
        assert result.returncode == 0, f"podman {shlex.join(args)}: {result.stderr}"
    return result


def report(request: pytest.FixtureRequest, line: str) -> None:
    """Figures (build times, image size) go to the terminal even when the test passes."""
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\ncontainer: {line}", flush=True)


@pytest.fixture(scope="module")
def image(request: pytest.FixtureRequest) -> str:
    if ON_POSTGRES:
        pytest.skip("the image is built and tested once, in the SQLite pass")
    if shutil.which("podman") is None:
        pytest.skip("podman is not installed (`.ci/run` installs it with apt as root): "
                    "the image was NOT built or run")  # fmt: skip
    started = time.monotonic()
    base = subprocess.run([str(ROOT / ".ci" / "container-base"), "--debian"],
                          capture_output=True, text=True, timeout=1200)  # fmt: skip
    if base.returncode != 0:
        if shutil.which("debootstrap") is None or os.geteuid() != 0:
            pytest.skip("no base image, and debootstrap (as root) is needed to build one: "
                        f"{base.stderr.strip()}")  # fmt: skip
        pytest.fail(f".ci/container-base failed:\n{base.stderr}")
    built = time.monotonic()
    podman("build", "--format", "docker", "--isolation=chroot", "--network=host",
           "--pull=never", "-t", IMAGE, str(ROOT), timeout=1200)  # fmt: skip
    # Each change of the code leaves the previous image's layers behind; a day's are kept as
    # the build cache, older ones go (a CI machine would otherwise fill its disk).
    podman("image", "prune", "-f", "--filter", "until=24h", check=False)
    size = int(podman("image", "inspect", "--format", "{{.Size}}", IMAGE).stdout)
    report(request, f"base {built - started:.0f} s, image build {time.monotonic() - built:.0f} s, "
                    f"image size {size / 1e6:.0f} MB")  # fmt: skip
    return IMAGE


@pytest.fixture
def names() -> Iterator[Callable[[str], str]]:
    """Unique container and volume names, removed after the test."""
    made: list[str] = []

    def name(kind: str) -> str:
        made.append(f"hnm-test-{kind}-{uuid.uuid4().hex[:8]}")
        return made[-1]

    yield name
    for n in made:
        podman("rm", "-f", "-v", "-t", "0", n, check=False)
        podman("volume", "rm", "-f", n, check=False)


def container_config(path: Path, outlet: OutletServer) -> Path:
    """sources.toml for the container: one source, the outlet on 127.0.0.1; the archive in
    the volume (/app/storage), as the image's own configuration has it."""
    outlet.route("/feed.xml", rss([ON_TOPIC, OFF_TOPIC]).encode())
    write_config(path, [{"name": "Loopback outlet", "url": outlet.url("/feed.xml"),
                         "kind": "feed", "interval": "1h"}])  # fmt: skip
    text = re.sub(r'^url = "sqlite:///[^"]*"$', 'url = "sqlite:///storage/archive.db"',
                  path.read_text(), count=1, flags=re.M)  # fmt: skip
    path.write_text(text)
    path.chmod(0o644)  # read by the image's user (uid 10001) through the bind mount
    return path


def wait_for(predicate: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"waited {seconds:.0f} s for {what}"
        time.sleep(0.3)


@pytest.mark.timeout(1500)  # the first build on a machine: base ~1.5 min, image ~1 min
def test_image_runs_as_a_service(
    image: str, names: Callable[[str], str], outlet: OutletServer, tmp_path: Path
) -> None:
    config = container_config(tmp_path / "sources.toml", outlet)
    volume, first = names("storage"), names("run")
    port = free_port()
    podman("volume", "create", volume)
    mounts = ["-v", f"{volume}:/app/storage", "-v", f"{config}:/app/sources.toml:ro"]
    env = ["-e", f"MONITOR_SERVER_PORT={port}", "-e", f"MONITOR_SECRET={SECRET}"]
    podman(*RUN, "-d", "--name", first, *env, *mounts, image)

    # Not root: the image's user, as the Dockerfile says.
    assert podman("exec", first, "id", "-u").stdout.strip() == "10001"
    assert podman("image", "inspect", "--format", "{{.Config.User}}", image).stdout.strip() == (
        "monitor"
    )

    # /healthz through the published port (the host's network, the port set by environment).
    def healthy() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return json.load(r)["status"] == "ok"
        except OSError:
            return False

    wait_for(healthy, 60, f"/healthz on port {port}\n{podman('logs', first).stderr}")
    # The image's own HEALTHCHECK command, run inside the container by the engine.
    hc = podman("healthcheck", "run", first, check=False)
    assert hc.returncode == 0, f"HEALTHCHECK failed: {hc.stdout}{hc.stderr}"

    # The first poll at start fetches the loopback outlet and stores into the volume.
    wait_for(lambda: "Loopback outlet: 1 new" in podman("logs", first).stderr, 60,
             "the first poll's report line")  # fmt: skip
    assert any(r.path == "/feed.xml" for r in outlet.requests)
    logs = podman("logs", first).stderr
    assert f"started high-north-monitor {__version__}, archive sqlite:////app/storage/" \
           "archive.db, 1 sources" in logs, logs  # fmt: skip
    assert "alembic.runtime.plugins" not in logs and "Traceback" not in logs, logs

    # `podman stop`: SIGTERM, a clean exit (status 0) well within the grace period.
    t0 = time.monotonic()
    podman("stop", "-t", "20", first)
    stopped_in = time.monotonic() - t0
    state = podman("inspect", "--format", "{{.State.ExitCode}}", first).stdout.strip()
    assert state == "0", podman("logs", first).stderr
    assert stopped_in < 15, f"podman stop took {stopped_in:.1f} s (grace 20 s)"
    assert "INFO monitor.run: stopped" in podman("logs", first).stderr

    # A second container on the same volume sees what the first stored.
    listed = podman(*RUN, "--rm", *mounts, image, "archive", "list", "--all")
    assert ON_TOPIC["title"] in listed.stdout and OFF_TOPIC["title"] in listed.stdout, listed
    upgrade = podman(*RUN, "--rm", *mounts, image, "db", "upgrade")
    assert "schema already at" in upgrade.stdout, upgrade


@pytest.mark.timeout(1500)
def test_image_commands_through_the_entrypoint(
    image: str, names: Callable[[str], str], tmp_path: Path
) -> None:
    check = podman(*RUN, "--rm", image, "check-config")
    assert "/app/sources.toml: valid (" in check.stdout, check
    volume = names("fresh")
    upgrade = podman(*RUN, "--rm", "-v", f"{volume}:/app/storage", image, "db", "upgrade")
    assert "schema upgraded: none -> " in upgrade.stdout, upgrade
    status = podman(*RUN, "--rm", "-v", f"{volume}:/app/storage", image, "db", "status")
    assert "(current)" in status.stdout, status
    # A broken configuration is refused with exit status 2 and a message, not a traceback.
    bad = tmp_path / "bad.toml"
    bad.write_text('[[sources]]\nname = "x"\n')
    bad.chmod(0o644)
    refused = podman(*RUN, "--rm", "-v", f"{bad}:/app/sources.toml:ro", image, "check-config",
                     check=False)  # fmt: skip
    assert refused.returncode == 2 and "invalid configuration" in refused.stderr, refused
    assert "Traceback" not in refused.stderr


# --- compose.yaml, with podman-compose and a PostgreSQL image from Debian's package ---------


def podman_compose() -> str | None:
    """PyPI's podman-compose (a test dependency), not Debian 12's 1.0.3: that one adds the
    project's network to every service even with ``network_mode: host`` (podman refuses:
    "cannot set multiple networks without bridge network mode") and ignores ``--scale``."""
    local = Path(sys.executable).parent / "podman-compose"
    return str(local) if local.exists() else None


def mailed_titles(smtp: SmtpServer) -> list[str]:
    titles = []
    for msg in smtp.messages:
        for line in msg.get_body(("plain",)).get_content().splitlines():
            if line.startswith("* "):  # a story's lead; its other articles start with "  + "
                titles.append(line[2:])
            elif line.startswith("  + "):
                titles.append(line[4:])
    return titles


def remove_project(project: str) -> None:
    """The project's containers with their anonymous volumes, its pod and volumes: `podman-compose
    down` knows only one replica of a scaled service and keeps anonymous volumes."""
    label = f"label=io.podman.compose.project={project}"
    for cid in podman("ps", "-a", "-q", "--filter", label, check=False).stdout.split():
        podman("rm", "-f", "-v", "-t", "5", cid, check=False)  # -v: the anonymous volumes too
    podman("pod", "rm", "-f", f"pod_{project}", check=False)
    for vol in podman("volume", "ls", "-q", "--filter", label, check=False).stdout.split():
        podman("volume", "rm", "-f", vol, check=False)


@pytest.mark.timeout(1500)
def test_compose_two_workers_on_one_postgres(
    image: str, outlet: OutletServer, smtp: SmtpServer, tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:  # fmt: skip
    compose = podman_compose()
    if compose is None:
        pytest.skip("podman-compose is not installed (pip install -e '.[test]' brings it)")
    context = ROOT / "tests" / "container"
    podman("build", "--format", "docker", "--isolation=chroot", "--network=host", "--pull=never",
           "-t", "localhost/hnm-postgres:test", "-f", str(context / "postgres.Containerfile"),
           str(context), timeout=900)  # fmt: skip
    feeds = {i: [alert(i, n) for n in range(8)] for i in range(4)}  # distinct on-topic stories

    def serve(i: int, count: int) -> None:  # a poll takes a while: stop can land in one
        outlet.route(f"/c{i}/feed.xml", rss(feeds[i][:count]), delay=1.0)

    for i in range(4):
        serve(i, 3)
    sources = [{"name": f"C{i}", "url": outlet.url(f"/c{i}/feed.xml"), "interval": "1s"}
               for i in range(4)]  # fmt: skip
    config = write_config(
        tmp_path / "sources.toml", sources,
        extra='[server]\nenabled = false\n[[subscribers]]\naddress = "duty@example.org"\n'
              'cadence = "immediate"\n',
        fetch='host_delay = "0s"\ntotal_timeout = "5s"',
    )  # fmt: skip
    config.chmod(0o644)
    pg_port = free_port()
    project = f"hnmt{uuid.uuid4().hex[:8]}"
    engine = tmp_path / "containers.conf"  # podman-compose calls plain `podman`: see PODMAN
    engine.write_text('[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n')
    env = {**os.environ, "HNM_TEST_PG_PORT": str(pg_port), "HNM_TEST_CONFIG": str(config),
           "MONITOR_SECRET": SECRET, "MONITOR_SMTP_URL": smtp.url,
           "CONTAINERS_CONF": str(engine)}  # fmt: skip
    files = ["-p", project, "-f", str(ROOT / "compose.yaml"),
             "-f", str(ROOT / "tests/container/compose.test.yaml")]  # fmt: skip

    def run_compose(*args: str) -> subprocess.CompletedProcess:
        done = subprocess.run([compose, *files, *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, f"podman-compose {shlex.join(args)}:\n{done.stderr}"
        return done

    dsn = f"postgresql://monitor:monitor@127.0.0.1:{pg_port}/monitor"
    started = time.monotonic()
    try:
        run_compose("up", "-d", "postgres")

        def pg_ready() -> bool:
            try:
                psycopg.connect(dsn, connect_timeout=2).close()
                return True
            except psycopg.OperationalError:
                return False

        wait_for(pg_ready, 60, f"PostgreSQL on 127.0.0.1:{pg_port}")
        run_compose("up", "-d", "--scale", "worker=2", "worker")
        workers = [f"{project}_worker_1", f"{project}_worker_2"]
        wait_for(lambda: len(mailed_titles(smtp)) >= 12, 90, "the first polls' alerts")
        for i in range(4):  # news arrives while they run
            serve(i, 6)
        wait_for(lambda: sum(outlet.active.values()) > 0, 30, "a poll in flight")
        t0 = time.monotonic()
        podman("stop", "-t", "20", workers[0])  # mid-poll
        stopped_in = time.monotonic() - t0
        assert podman("inspect", "--format", "{{.State.ExitCode}}", workers[0]).stdout.strip() \
            == "0", podman("logs", workers[0]).stderr  # fmt: skip
        for i in range(4):
            serve(i, 8)
        wait_for(lambda: len(mailed_titles(smtp)) >= 32, 90, "every alert mailed")
        time.sleep(3)  # time for a duplicate, if there were one, to arrive
        full = [podman("logs", w).stderr for w in workers]
        logs = "\n".join(text[-3000:] for text in full)
        with psycopg.connect(dsn) as conn:
            stored = [r[0] for r in conn.execute("SELECT guid FROM item WHERE origin = 'feed'")]
    finally:
        remove_project(project)  # first: `down` would leave the workers' anonymous volumes
        subprocess.run([compose, *files, "down", "-v", "-t", "20"], cwd=ROOT, env=env,
                       capture_output=True, timeout=300)  # fmt: skip
    report(request, f"compose test {time.monotonic() - started:.0f} s; worker stopped mid-poll "
                    f"in {stopped_in:.1f} s")  # fmt: skip
    assert stopped_in < 15, f"podman stop took {stopped_in:.1f} s (grace 20 s)"
    assert "Traceback" not in logs, logs
    # Both workers ran on the one database (through compose.yaml's variables), and polled.
    for text in full:
        # the log filter drops a URL's whole user:password (monitor.redact), not only the password
        assert f"archive postgresql+psycopg://127.0.0.1:{pg_port}/monitor" in text
        assert "monitor:monitor@" not in text
        assert re.search(r"INFO monitor\.run: C\d: \d+ new", text), text[-3000:]
    # No source was fetched by two workers at once.
    assert all(outlet.max_active[f"c{i}"] == 1 for i in range(4)), outlet.max_active
    # Every item stored once in the database the workers shared, every alert mailed once.
    guids = sorted(g.rsplit("/", 1)[-1] for g in stored)  # relative guids come back resolved
    assert guids == sorted(f"w{i}-{n}" for i in range(4) for n in range(8)), logs
    expected = [item["title"] for i in range(4) for item in feeds[i]]
    assert sorted(mailed_titles(smtp)) == sorted(expected), logs
