"""Command `python -m build_scripts lists-schema`: write the list enums of the schemas from config/lists.yml.

Input: `config/lists.yml` (`BuildPaths.lists`). Output: the `list` field's enum and categories, in
site order, in the data package's `datapackage.json` (`--package`, default datapackage/) and in
`scoring/derived_schema.json`; nothing else in either file changes. The validate stage stops while
they disagree (`scoring.lists.check_list_enums`) and `tests/unit/test_lists.py` checks the committed
files, so after adding a list to the configuration run this once (and with
`--package tests/data/valid-minimal` for the tests' package).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from build_scripts.paths import BuildPaths
from scoring.derived import DERIVED_SCHEMA_PATH
from scoring.lists import apply_list_enums, load_lists

log = logging.getLogger(__name__)


def write_list_schemas(where: BuildPaths, derived_schema: Path = DERIVED_SCHEMA_PATH) -> list[Path]:
    """Rewrite the list enums of the package descriptor and the derived schema; return the files changed.

    Files are written as they are committed (two-space JSON, UTF-8, trailing newline), so a file
    that already agrees is left byte for byte as it was.
    """
    lists = load_lists(where.lists)
    changed = []
    for path in (Path(where.datapackage) / "datapackage.json", Path(derived_schema)):
        text = path.read_text(encoding="utf-8")
        new = json.dumps(apply_list_enums(json.loads(text), lists), ensure_ascii=False, indent=2) + "\n"
        if new != text:
            path.write_text(new, encoding="utf-8", newline="\n")
            changed.append(path)
    log.info("lists-schema: %d lists (%s); %s", len(lists.specs), ", ".join(lists.codes),
             ", ".join(str(p) for p in changed) or "both schemas already agree")
    return changed
