"""The build's machinery, behind this one module: worker processes, the MkDocs child, its folders.

What the stages use, and nothing else, is exported here; the submodules are this package's own:

- `workers`: `Background`, the pool of worker processes that draw the chart SVGs and social cards
  and write the download files while the main process writes pages (`Batch`, `split`);
- `mkdocs_child`: `MkDocsRunner`, MkDocs in a child process started when the build begins;
- `sitedir`: one build at a time in a folder (`hold_build_lock`), a site/ that can be replaced
  (`check_site_target`, `make_site_staging`, `replace_site`), the mark of a half-written docs/
  (`mark_incomplete`);
- `folders`: drawn images published into a site (`publish_rendered`, hard links), the previous
  build's generated pages swept away meanwhile (`empty_generated_docs`);
- `workroot`: scratch build roots for the tests and the benchmark (`write_work_root`);
- `interrupts`: the helper processes leave Ctrl-C to the main process (`ctrl_c_blocked`) and end
  with it (`watch_main_process`); steps that must not stop half-way hold Ctrl-C back
  (`ctrl_c_deferred`).
"""

from build_scripts.runtime.folders import empty_generated_docs, publish_rendered
from build_scripts.runtime.mkdocs_child import MkDocsRunner
from build_scripts.runtime.sitedir import (
    LOCK_FILE,
    BuildFolderError,
    check_site_target,
    clear_incomplete,
    hold_build_lock,
    make_site_staging,
    mark_incomplete,
    remove_site_stagings,
    replace_site,
)
from build_scripts.runtime.workers import Background, Batch, split
from build_scripts.runtime.workroot import write_work_root

__all__ = [
    "LOCK_FILE", "Background", "Batch", "BuildFolderError", "MkDocsRunner", "check_site_target",
    "clear_incomplete", "empty_generated_docs", "hold_build_lock", "make_site_staging", "mark_incomplete",
    "publish_rendered", "remove_site_stagings", "replace_site", "split", "write_work_root",
]
