"""Every writer refuses a path that resolves outside its root, whatever the data say (issue 18).

The schema's patterns keep slugs and resource paths plain; these tests feed each writer a hostile
relative path ("../…", an absolute path) or a symbolic link pointing out of its folder directly, so
the guard (`build_scripts.paths.join_inside`) is tested independently of the schema. Each asserts a
`RenderError` and that nothing was written outside.
"""

from __future__ import annotations

import shutil
from types import SimpleNamespace

import pandas as pd
import pytest

from build_scripts import (
    api,
    derived_writer,
    downloads,
    embeds,
    generate,
    plan,
    search_dict,
    share,
    social,
)
from build_scripts.charts import render as chart_render
from build_scripts.paths import BuildPaths, join_inside
from scoring.errors import RenderError

HOSTILE = ("../escape.txt", "../../escape.txt", "a/../../escape.txt", "/tmp/escape-issue-18.txt")


@pytest.fixture
def rooted(tmp_path):
    """A writer's root (tmp/root/docs) and the folder beside it that must stay empty (tmp/outside)."""
    root = tmp_path / "root" / "docs"
    root.mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    return root, outside


def written_outside(tmp_path) -> list[str]:
    docs = tmp_path / "root" / "docs"
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")
                  if p.is_file() and docs not in p.parents)


@pytest.mark.parametrize("relative", HOSTILE)
def test_join_inside_refuses_paths_leaving_the_root(rooted, relative):
    root, _ = rooted
    with pytest.raises(RenderError, match="outside"):
        join_inside(root, relative)


def test_join_inside_refuses_a_symbolic_link_out_and_accepts_plain_paths(rooted):
    root, outside = rooted
    (root / "county").symlink_to(outside, target_is_directory=True)

    with pytest.raises(RenderError, match="outside"):
        join_inside(root, "county/320583-kunshan/index.md")
    assert join_inside(root, "lists/x/index.md") == root / "lists" / "x" / "index.md"


def test_join_inside_sees_a_link_made_after_an_earlier_join(rooted):
    # Folders' real paths are kept between calls: one that did not exist yet must not be kept.
    root, outside = rooted
    page = join_inside(root, "county/320583-kunshan/index.md")
    assert page == root / "county" / "320583-kunshan" / "index.md"
    (root / "county").symlink_to(outside, target_is_directory=True)

    with pytest.raises(RenderError, match="outside"):
        join_inside(root, "county/320583-kunshan/index.md")
    with pytest.raises(RenderError, match="outside"):
        join_inside(root, "county")


def test_join_inside_sees_a_folder_replaced_by_a_link_after_an_earlier_join(rooted):
    # A folder's kept real path must not outlive the folder: one replaced by a link out is refused.
    root, outside = rooted
    (root / "county" / "320583-kunshan").mkdir(parents=True)
    assert join_inside(root, "county/320583-kunshan/index.md").parent == root / "county" / "320583-kunshan"
    shutil.rmtree(root / "county")
    (outside / "320583-kunshan").mkdir()
    (root / "county").symlink_to(outside, target_is_directory=True)

    with pytest.raises(RenderError, match="outside"):
        join_inside(root, "county/320583-kunshan/index.md")


def test_join_inside_follows_a_link_as_the_last_part(rooted):
    root, outside = rooted
    (root / "lists").mkdir()
    assert join_inside(root, "lists/x.md") == root / "lists" / "x.md"
    (root / "lists" / "x.md").symlink_to(outside / "x.md")

    with pytest.raises(RenderError, match="outside"):
        join_inside(root, "lists/x.md")


@pytest.mark.parametrize("relative", ["loop", "loop/x.md", "pair-a", "pair-a/x.md"])
def test_join_inside_names_a_symbolic_link_loop(rooted, relative):
    root, _ = rooted
    (root / "loop").symlink_to(root / "loop")
    (root / "pair-a").symlink_to(root / "pair-b")
    (root / "pair-b").symlink_to(root / "pair-a")

    with pytest.raises(RenderError, match="cannot be resolved"):
        join_inside(root, relative)


@pytest.mark.parametrize("parts", [(), ("",), (".",), ("a", "..")])
def test_join_inside_refuses_the_root_itself_relative_or_not(rooted, monkeypatch, parts):
    root, _ = rooted
    monkeypatch.chdir(root)
    for base in (root, "."):
        with pytest.raises(RenderError, match="outside"):
            join_inside(base, *parts)


@pytest.mark.parametrize("relative", HOSTILE)
def test_generate_write_text_refuses(rooted, tmp_path, relative):
    with pytest.raises(RenderError):
        generate.write_text(rooted[0], relative, "page")
    assert written_outside(tmp_path) == []


def test_generate_write_rows_refuses(rooted, tmp_path):
    with pytest.raises(RenderError):
        generate.write_rows(({"a": 1},), ("a",), rooted[0], "../../x", "rankings")
    assert written_outside(tmp_path) == []


def test_region_pages_refuse_a_slug_that_climbs_out(rooted, tmp_path, monkeypatch):
    # As if the schema's slug pattern were gone: the context's path comes from the slug.
    monkeypatch.setattr(generate, "compute_page_regions", lambda data: ("320583",))
    monkeypatch.setattr(generate, "build_region_context",
                        lambda data, code: SimpleNamespace(path="county/../../../x/index.md"))
    monkeypatch.setattr(generate, "render_page", lambda env, template, context: "page")
    with pytest.raises(RenderError):
        generate.write_region_pages(None, None, rooted[0])
    assert written_outside(tmp_path) == []


def test_api_refuses(rooted, tmp_path, monkeypatch):
    monkeypatch.setattr(api, "build_api_files", lambda data: {"api/../../../escape.json": "{}"})
    with pytest.raises(RenderError):
        api.write_api(None, rooted[0])
    assert written_outside(tmp_path) == []


def test_embeds_refuse(rooted, tmp_path, monkeypatch):
    monkeypatch.setattr(embeds, "build_embed_context",
                        lambda data, name, lang: SimpleNamespace(path="../x.html"))
    monkeypatch.setattr(embeds, "render_page", lambda env, template, context: "page")
    with pytest.raises(RenderError):
        embeds.write_embed_pages(None, SimpleNamespace(charts_in=lambda lang: {"c": None}), rooted[0])
    assert written_outside(tmp_path) == []


@pytest.mark.parametrize("relative", HOSTILE)
def test_downloads_refuse_a_resource_path_out_of_the_folder(rooted, tmp_path, relative):
    with pytest.raises(RenderError):
        downloads.write_download_files({"data/ok.csv": b"a\n", relative: b"x"}, rooted[0])
    assert written_outside(tmp_path) == []


def test_downloads_part_refuses(rooted, tmp_path, monkeypatch):
    monkeypatch.setattr(share, "DOWNLOADS_PART", "../../escape.md")
    monkeypatch.setattr(share, "write_download_files", lambda files, out: 0)
    monkeypatch.setattr(share, "build_downloads_listing", lambda packages, files: ())
    monkeypatch.setattr(share, "render_page", lambda env, template, context: "part")
    with pytest.raises(RenderError):
        share._write_downloads(None, None, None, rooted[0], {})
    assert written_outside(tmp_path) == []


def test_social_cards_refuse(rooted, tmp_path, monkeypatch):
    monkeypatch.setattr(social, "plan_social_cards", lambda data, name, text, lang: {"../../card.png": None})
    with pytest.raises(RenderError):
        social.write_social_cards(None, rooted[0], "site", "text", fonts=object())
    assert written_outside(tmp_path) == []


def test_chart_files_refuse(rooted, tmp_path):
    spec = {"title": "t", "description": "d", "data": {"values": [{"a": 1}]}, "mark": "bar"}
    with pytest.raises(RenderError):
        chart_render.write_chart_files(spec, rooted[0] / "charts", "../../../escape")
    assert written_outside(tmp_path) == []


def test_search_dictionary_refuses_a_link_out(rooted, tmp_path):
    root, outside = rooted
    (root / "build").mkdir()
    (root / "build" / "user_dict.txt").symlink_to(outside / "victim.txt")
    regions = pd.DataFrame({"code": ["320583"], "name": ["昆山市"], "short_name": ["昆山"],
                            "level": ["county"]})
    changes = pd.DataFrame({"old_code": [], "old_name": [], "new_code": [], "new_name": []}, dtype="string")
    with pytest.raises(RenderError):
        search_dict.write_search_dict(regions, changes, root / "build" / "user_dict.txt")
    with pytest.raises(RenderError):
        search_dict.write_region_tags(regions, changes, root / "build" / "user_dict.txt")
    assert written_outside(tmp_path) == []


def test_derived_writer_refuses_a_resource_path_out(rooted, tmp_path, monkeypatch):
    monkeypatch.setattr(derived_writer, "check_derived", lambda tables: None)
    schema = {"name": "derived", "resources": [
        {"name": "t", "path": "../../escape.csv", "schema": {"fields": [{"name": "a", "type": "integer"}]}}]}
    with pytest.raises(RenderError):
        derived_writer.write_derived({"t": pd.DataFrame({"a": [1]})}, schema, rooted[0] / "derived")
    assert written_outside(tmp_path) == []


def test_release_file_refuses_a_link_out(rooted, tmp_path):
    root, outside = rooted
    (root / "build").mkdir()
    (root / "build" / plan.RELEASE_FILE).symlink_to(outside / "victim.txt")
    with pytest.raises(RenderError):
        plan.write_release(BuildPaths(root=root), "2024-12")
    assert written_outside(tmp_path) == []
