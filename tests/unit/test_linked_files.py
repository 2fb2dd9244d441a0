"""The generated static files published by hard link (mkdocs_plugin/linked_files.py)."""

import pytest
import yaml
from mkdocs.structure.files import File, Files

from build_scripts import paths
from mkdocs_plugin.linked_files import LinkedFile, link_generated_files


def _files(docs, site, names):
    for name in names:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(name, encoding="utf-8")
    return Files([File(name, str(docs), str(site), use_directory_urls=True) for name in names])


def test_generated_static_files_are_hard_links_and_the_others_copies(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    files = _files(docs, site, ["charts/region/a.csv", "county/x/index.md", "assets/logo.svg",
                                "assets/generated/social/x.png"])
    assert link_generated_files(files, ["charts", "county", "assets/generated/"]) == 2
    kinds = {f.src_uri: type(f) for f in files}
    assert kinds == {"charts/region/a.csv": LinkedFile, "county/x/index.md": File, "assets/logo.svg": File,
                     "assets/generated/social/x.png": LinkedFile}
    for file in files:
        if not file.is_documentation_page():
            file.copy_file()
    for name, linked in (("charts/region/a.csv", True), ("assets/logo.svg", False),
                         ("assets/generated/social/x.png", True)):
        assert (site / name).read_text(encoding="utf-8") == name
        assert ((site / name).stat().st_ino == (docs / name).stat().st_ino) is linked


def test_a_file_already_at_the_destination_is_copied_over(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    files = _files(docs, site, ["charts/a.csv"])
    link_generated_files(files, ["charts"])
    (site / "charts").mkdir(parents=True)
    (site / "charts" / "a.csv").write_text("old", encoding="utf-8")
    files.get_file_from_path("charts/a.csv").copy_file()
    assert (site / "charts" / "a.csv").read_text(encoding="utf-8") == "charts/a.csv"


@pytest.mark.parametrize("config", [paths.MKDOCS_CONFIG, paths.MKDOCS_CONFIG.with_name("mkdocs.en.yml")])
def test_the_linked_folders_are_the_folders_the_generate_stage_writes(config):
    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    plugin = next(p["baiqiang"] for p in loaded["plugins"] if isinstance(p, dict) and "baiqiang" in p)
    english = paths.DOCS / paths.EN
    generated = {(d.relative_to(english if d.is_relative_to(english) else paths.DOCS)).as_posix()
                 for d in paths.GENERATED_DOCS}
    assert set(plugin["linked"]) == generated
