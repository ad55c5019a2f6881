"""docs/python.md runs as written, and `import corridor` stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).parents[1] / "docs" / "python.md"


def test_the_notebook_examples_run(tmp_path: Path) -> None:
    code = "\n".join(re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S))
    assert "corridor.open()" in code and "to_frame()" in code
    script = tmp_path / "blocks.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        env={"CORRIDOR_DB": str(tmp_path / "ledger.duckdb"), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "turnover_usd" in done.stdout and "vehicles_per_day" in done.stdout


def test_import_corridor_loads_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import sys, corridor; print(sorted(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    loaded = set(eval(done.stdout))  # a list of module names
    assert not loaded & {"pandas", "numpy", "duckdb", "numba", "fastapi", "scipy"}
