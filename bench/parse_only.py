"""The baseline for pack loading: parse a pack's YAML files with yaml's C loader, nothing else."""

import sys
from pathlib import Path

import yaml

for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
