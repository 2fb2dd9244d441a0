"""Generate stage: the message catalogues, one per language (build_scripts/catalogues/<lang>.yml).

Every sentence the pages write comes from the catalogue of their language: templates call
`t(key, …)` (the Chinese templates' own sentences are zh.yml's `pages` group), and the contexts (the
Chinese ones' sentences are the `contexts` group), the charts, embed pages and social cards call
`Catalogue.t`. A catalogue is a YAML mapping; nested mappings are flattened to dotted keys
("region.latest" …), and a message is a `str.format` template whose fields
the caller names ("No. {rank}"). `tests/unit/test_catalogue.py` fails when a key used by a template or
by code is missing from a catalogue, or when the two catalogues disagree on a message's fields.

Input: the YAML files. Output: `Catalogue` objects; a missing key or field raises `RenderError` naming
the file and the key, so a gap fails the build instead of shipping a blank.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml

from scoring.errors import RenderError

CATALOGUES = Path(__file__).resolve().parent / "catalogues"
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language.

    Attributes:
        lang: Language code ("zh", "en").
        path: The YAML file it was read from (named in errors).
        messages: Dotted key -> `str.format` template.
    """

    lang: str
    path: Path
    messages: Mapping[str, str]

    def t(self, key: str, /, **fields: object) -> str:
        """Return the message `key` with `fields` put in.

        Raises:
            RenderError: The catalogue has no such key, or the message names a field not given.
        """
        try:
            template = self.messages[key]
        except KeyError:
            raise RenderError(f'{self.path}: no message "{key}". Add it to every catalogue in '
                              f"{CATALOGUES}.") from None
        try:
            return template.format(**fields)
        except (KeyError, IndexError) as exc:
            given = ", ".join(sorted(fields)) or "none"
            raise RenderError(f'{self.path}: message "{key}" names the field {{{exc.args[0]}}}, which its '
                              f"caller does not give (it gives: {given}).") from None

    def has(self, key: str) -> bool:
        """Return whether the catalogue holds `key`."""
        return key in self.messages


def compute_fields(template: str) -> frozenset[str]:
    """Return the names of the fields a message template uses ("No. {rank}" -> {"rank"})."""
    return frozenset(name.split(".")[0].split("[")[0]
                     for _, name, _, _ in string.Formatter().parse(template) if name)


@cache
def load_catalogue(lang: str, folder: Path = CATALOGUES) -> Catalogue:
    """Read and flatten the catalogue of `lang`.

    Raises:
        RenderError: The file is missing, is not a mapping, repeats a key (YAML would keep the last
            silently), or holds a value that is not text.
    """
    path = folder / f"{lang}.yml"
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError) as exc:
        raise RenderError(f"{path}: cannot be read as YAML ({exc}).") from exc
    if not isinstance(raw, dict):
        raise RenderError(f"{path}: must be a mapping of message keys to texts.")
    messages: dict[str, str] = {}
    _flatten(path, raw, "", messages)
    return Catalogue(lang=lang, path=path, messages=MappingProxyType(messages))


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"the key {key!r} is given twice",
                                                        key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _flatten(path: Path, node: Mapping, prefix: str, out: dict[str, str]) -> None:
    for key, value in node.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(path, value, dotted + ".", out)
        elif isinstance(value, str):
            out[dotted] = value
        else:
            raise RenderError(f'{path}: message "{dotted}" must be text, not {type(value).__name__} '
                              f"({value!r}); quote it.")
