"""The package as users get it: a wheel built from this directory, installed on its own and used from outside it."""

import json
import os
import pathlib
import subprocess
import sys

PROJECT = pathlib.Path(__file__).resolve().parent.parent

USE = """
import json, sys
import loglogic
from loglogic import LogLogic
ll = LogLogic("ll_test", base_url=sys.argv[1])
event_id = ll.log({"action": "signup", "user_id": "u1"})
ok = ll.flush(20)
ll.close()
print(json.dumps({"file": loglogic.__file__, "id": event_id, "flushed": ok}))
"""


def run(*args, **kwargs):
    done = subprocess.run(list(args), capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, "%s failed:\n%s\n%s" % (" ".join(args), done.stdout, done.stderr)
    return done.stdout


def test_the_built_wheel_installs_and_sends_an_event(fake, tmp_path):
    server = fake()
    source = tmp_path / "source"
    # A copy: building writes build/ and *.egg-info next to the sources.
    run("cp", "-r", str(PROJECT), str(source))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
        "-w", str(tmp_path / "dist"), str(source))
    wheels = list((tmp_path / "dist").glob("loglogic_sdk-*.whl"))
    assert len(wheels) == 1, wheels
    site = tmp_path / "site"
    run(sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(site),
        str(wheels[0]))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    used = json.loads(run(sys.executable, "-c", USE, server.url, cwd=str(tmp_path), env=env).strip())
    assert pathlib.Path(used["file"]).is_relative_to(site)
    assert used["flushed"] is True
    assert server.ids() == [used["id"]]
    assert server.requests[0]["path"] == "/ingest/batch"
