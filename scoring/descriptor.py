"""Validate stage: the descriptor is data too; check its paths and its schema before any file is read.

Input: a parsed `datapackage.json` and the package folder. Output: one message per problem (empty
when the descriptor is fine):

- `find_path_problems`: every resource `path` is a relative POSIX path of plain names inside the
  package folder (no absolute path, no URL, no `..`, no symbolic link leading out). Nothing outside
  the package is ever opened, so no message can quote a file that is not a package file.
- `find_name_problems`: the package's `name` and every resource's `name` are plain names (`NAME`):
  they name the downloads (`<package>.zip`, `data/<resource>.xlsx`) and a workbook's sheet, so a name
  like `../../x` or one with a character a sheet name cannot hold is refused here, not in the build.
- `describe_unsafe_file`: the package's other files the build reads (`PACKAGE_FILES`: the descriptor,
  and the README the downloads zip carries) are regular files of the package folder itself, not
  symbolic links, so the build can never publish a file from elsewhere (`/etc/passwd` as README).
- `find_reference_problems`: the descriptor keeps the fields, types, constraints and keys the code
  depends on, as recorded in the committed reference `scoring/descriptor_reference.json`. A
  descriptor may add fields, resources, constraints and enum values (a new list or change kind is
  data), but may not drop a field, change a type, or drop or loosen a constraint or key the
  reference holds. The reference is regenerated from `datapackage/datapackage.json` by
  `python -m curation.reference_schema` when the schema changes on purpose.
- `find_text_problems`: every resource and field has a Chinese `title` and `description_zh` and their
  English twins `title_en` and `description` (the column tables of each language show them), and no
  text of the descriptor (any value or key: titles, descriptions, enum values) holds a NUL, another
  control character, a zero-width or direction-changing character or surrounding spaces
  (`scoring.cells.has_invisible`): the site prints these texts, and such a character hides in them
  or breaks a table row.
- `find_reading_problems`: nothing in the descriptor changes how the files are read. The loaders read
  every file as UTF-8 CSV with a header, "," between cells and "" as the only missing value; a
  dialect (comment characters, other delimiters), another encoding or compression, field-level
  number formats (`groupChar`, `decimalChar`, `bareNumber`) or missing values, or another profile
  would make frictionless read rows the checks never see, so they are refused.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from scoring.cells import has_invisible, show_text

REFERENCE_PATH = Path(__file__).resolve().parent / "descriptor_reference.json"
REGENERATE = "python -m curation.reference_schema"
# The constraints the reference records, and how a descriptor may differ from it.
KEPT_CONSTRAINTS = ("required", "unique", "pattern", "enum", "minimum", "maximum", "minLength", "maxLength")
_PATH_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*", re.ASCII)
# Names of the package and its resources: Data Package v2's lower-case letters, digits, ".", "_" and
# "-" (frictionless also allows "/"), starting with a letter or digit and without "..", so a name is
# a safe file name and sheet name.
NAME = re.compile(r"(?!.*\.\.)[a-z0-9][a-z0-9._-]*", re.ASCII)
_NAME_RULE = ('lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, without ".." '
              "(it names the download files)")
# Texts every resource and field must have (`find_text_problems`): the Chinese site shows `title`
# and `description_zh`, the English site `title_en` and `description`.
_REQUIRED_TEXTS = ("title", "title_en", "description", "description_zh")
_PLAIN_KEY = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*", re.ASCII)
DESCRIPTOR_NAME = "datapackage.json"
README_NAME = "README.md"
# The files of the package folder, besides its resources, that the build reads: the descriptor, and
# the README the downloads zip carries when the package has one.
PACKAGE_FILES = (DESCRIPTOR_NAME, README_NAME)


def find_path_problems(root: Path, descriptor: Mapping, shown: str) -> list[str]:
    """Return one message per resource whose `path` could lead outside the package folder.

    Args:
        root: The package folder.
        descriptor: The parsed descriptor (resources with a string `path`).
        shown: The descriptor's path as messages show it.
    """
    problems = []
    inside = Path(root).resolve()
    for resource in descriptor["resources"]:
        what = _describe_bad_path(inside, resource["path"])
        if what:
            problems.append(f'{shown}: resource "{resource["name"]}", "path" {show_text(resource["path"])} '
                            f"{what}. Use a relative path inside the package folder, such as "
                            f'"data/{resource["name"]}.csv".')
    return problems


def _describe_bad_path(inside: Path, place: str) -> str | None:
    if "\\" in place or ":" in place or place.startswith("/") or "\x00" in place:
        return "is absolute, a URL or holds a backslash, colon or NUL"
    parts = PurePosixPath(place).parts
    if not parts or any(part in (".", "..") for part in parts):
        return 'holds "." or ".." parts'
    if not all(_PATH_PART.fullmatch(part) for part in parts):
        return "holds a name that is not plain letters, digits, \"_\", \".\" or \"-\""
    target = inside.joinpath(*parts)
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return "cannot be resolved (a symbolic link loop?)"
    if not resolved.is_relative_to(inside):
        return "leads outside the package folder through a symbolic link"
    return None


def find_name_problems(descriptor: Mapping, shown: str) -> list[str]:
    """Return one message for the package `name` and each resource `name` that is not a plain name.

    Args:
        descriptor: The parsed descriptor (resources with a string `name`).
        shown: The descriptor's path as messages show it.
    """
    problems = []
    name = descriptor.get("name")
    if not (isinstance(name, str) and NAME.fullmatch(name)):
        shown_name = show_text(name) if isinstance(name, str) else "missing"
        problems.append(f'{shown}: the package "name" is {shown_name}; write a name of {_NAME_RULE}.')
    problems += [f'{shown}: resource {number} "name" {show_text(resource["name"])} is not a name of '
                 f"{_NAME_RULE}; rename the resource."
                 for number, resource in enumerate(descriptor["resources"], start=1)
                 if not NAME.fullmatch(resource["name"])]
    return problems


def describe_unsafe_file(root: Path, name: str) -> str | None:
    """Return what keeps the build from reading the package file `name`, or None (also when it is absent).

    The file must be a regular file directly in the package folder, so it resolves inside it: a
    symbolic link (even one into the package) or a folder, pipe or device is refused before it is
    opened.

    Args:
        root: The package folder.
        name: A file name of `PACKAGE_FILES`.
    """
    path = Path(root) / name
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return ("is a symbolic link; the build reads only regular files of the package folder (it would "
                "publish what the link points to). Put the file itself there")
    if not stat.S_ISREG(mode):
        return "is not a regular file (a folder, pipe or device). Put a regular file there or remove it"
    return None  # a regular file directly in the package folder lies inside it


def load_reference(path: Path = REFERENCE_PATH) -> dict:
    """Read the committed reference schema (see the module docstring)."""
    return json.loads(path.read_text(encoding="utf-8"))


def build_reference(descriptor: Mapping, optional: tuple[str, ...] = ()) -> dict:
    """Return the reference of a descriptor: per resource, its fields' types and constraints, its keys.

    Args:
        descriptor: The project's descriptor.
        optional: Resources a package may leave out (the code runs without them).
    """
    resources = {}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        fields = {}
        for field in schema["fields"]:
            constraints = {k: v for k, v in field.get("constraints", {}).items() if k in KEPT_CONSTRAINTS}
            fields[field["name"]] = {"type": field.get("type", "string"), "constraints": constraints}
        resources[resource["name"]] = {
            "optional": resource["name"] in optional,
            "fields": fields,
            "primaryKey": schema.get("primaryKey", []),
            "foreignKeys": schema.get("foreignKeys", []),
        }
    return {"regenerate": REGENERATE, "resources": resources}


def find_reference_problems(descriptor: Mapping, reference: Mapping, shown: str) -> list[str]:
    """Return one message per field, constraint or key of `reference` the descriptor dropped or loosened."""
    by_name = {r["name"]: r for r in descriptor["resources"]}
    problems = []
    for name, expected in reference["resources"].items():
        resource = by_name.get(name)
        if resource is None:
            if not expected["optional"]:
                problems.append(f'{shown}: resource "{name}" is missing; the build needs it.')
            continue
        found = _find_schema_problems(resource["schema"], expected)
        problems += [f'{shown}: resource "{name}"{p}' for p in found]
    if problems:
        problems.append(f"{shown}: the descriptor breaks the schema the code depends on (listed above). "
                        f"Restore it; if the change is intended, update the reference with `{REGENERATE}`.")
    return problems


def find_text_problems(descriptor: Mapping, shown: str) -> list[str]:
    r"""Return one message per missing title or description and per text with an invisible character.

    Args:
        descriptor: The parsed descriptor.
        shown: The descriptor's path as messages show it.

    Returns:
        First one message per resource or field without a non-empty `_REQUIRED_TEXTS` text,
        then one per value or key anywhere in the descriptor that `has_invisible` (its place written
        as `resources[2].schema.fields[4].description`, the character escaped as `\u0000`).
    """
    problems = []
    for resource in descriptor["resources"]:
        where = f'{shown}: resource "{resource.get("name")}"'
        problems += [f'{where}: "{key}" is missing or empty; write it (the site shows it).'
                     for key in _REQUIRED_TEXTS if not _is_text(resource.get(key))]
        for field in resource.get("schema", {}).get("fields", []):
            problems += [f'{where}, field "{field.get("name")}": "{key}" is missing or empty; write it (the '
                         "methodology page's column tables show it)."
                         for key in _REQUIRED_TEXTS if not _is_text(field.get(key))]
    for place, text, is_key in _find_texts(descriptor):
        if has_invisible(text):
            where = f"{shown} {place}" if place else shown
            problems.append(f"{where}: {'the key ' if is_key else ''}{show_text(text)} holds an invisible or "
                            "control character or surrounding spaces; delete them.")
    return problems


def _find_texts(descriptor: Mapping) -> Iterator[tuple[str, str, bool]]:
    """Yield every string of the descriptor, value or key, with its place and whether it is a key.

    The place is a path (`resources[2].schema.fields[4].description`) followed by the resource and
    field it lies in (`(resource "rankings", field "rank")`). A blank required text (`title`, …) is
    left out: `find_text_problems` reports it as missing. Iterative, so a deeply nested descriptor
    cannot exhaust the stack.
    """
    stack: list[tuple[object, str, str]] = [(descriptor, "", "")]
    while stack:
        value, path, label = stack.pop()
        place = path.lstrip(".") + (f" ({label})" if label else "")
        if isinstance(value, str):
            yield place, value, False
        elif isinstance(value, dict):
            yield from ((place, str(key), True) for key in value)
            stack += [(item, path + _step(key), label) for key, item in reversed(value.items())
                      if not (key in _REQUIRED_TEXTS and isinstance(item, str) and not item.strip())]
        elif isinstance(value, list):
            plural = path.rsplit(".", 1)[-1]
            stack += [(item, f"{path}[{index}]", _label_item(label, plural, item))
                      for index, item in reversed(list(enumerate(value)))]


def _step(key: str) -> str:
    return f".{key}" if _PLAIN_KEY.fullmatch(key) else f"[{show_text(key)}]"


def _label_item(label: str, plural: str, item: object) -> str:
    # resources[2] -> resource "rankings"; fields[4] -> field "rank"
    name = item.get("name") if isinstance(item, dict) else None
    if not (isinstance(name, str) and plural.endswith("s")):
        return label
    return f"{label}, " * bool(label) + f"{plural[:-1]} {show_text(name)}"


PROFILES = {
    "package": "https://datapackage.org/profiles/2.0/datapackage.json",
    "dialect": "https://datapackage.org/profiles/2.0/tabledialect.json",
}
# The one dialect, and the resource properties with the one value each may have (when present).
DIALECT = {"$schema": PROFILES["dialect"], "delimiter": ",", "header": True}
RESOURCE_VALUES = {"encoding": "utf-8", "format": "csv", "scheme": "file", "mediatype": "text/csv",
                   "type": "table"}
# Properties that change what is read or how a cell is read; the loaders do not support them.
REFUSED_RESOURCE_KEYS = ("compression", "data", "innerpath")
REFUSED_SCHEMA_KEYS = ("fieldsMatch",)
REFUSED_FIELD_KEYS = ("groupChar", "decimalChar", "bareNumber", "missingValues", "trueValues", "falseValues",
                      "rdfType")


def find_reading_problems(descriptor: Mapping, shown: str) -> list[str]:
    """Return one message per descriptor property that would change how the package files are read."""
    problems = []
    profile = descriptor.get("$schema", PROFILES["package"])
    if profile != PROFILES["package"]:
        problems.append(f'{shown}: "$schema" is {show_text(profile)}; the package is Data Package v2 '
                        f'({PROFILES["package"]}).')
    for resource in descriptor["resources"]:
        where = f'{shown}: resource "{resource.get("name")}"'
        problems += [f'{where}: "{key}" is {show_text(resource[key])}, not "{value}"; the files are read '
                     "as UTF-8 CSV. Fix or remove it." for key, value in RESOURCE_VALUES.items()
                     if key in resource and resource[key] != value]
        if "dialect" in resource and resource["dialect"] != DIALECT:
            problems.append(f'{where}: "dialect" must be {json.dumps(DIALECT)} (comma-separated, a header '
                            "row, nothing else), or left out.")
        problems += [f'{where}: "{key}" is not supported (the files are read as they are); remove it.'
                     for key in REFUSED_RESOURCE_KEYS if key in resource]
        schema = resource.get("schema", {})
        if schema.get("missingValues", [""]) != [""]:
            problems.append(f'{where}: schema "missingValues" must be [""] (an empty cell is the only '
                            "missing value).")
        problems += [f'{where}: schema "{key}" is not supported; remove it.'
                     for key in REFUSED_SCHEMA_KEYS if key in schema]
        for field in schema.get("fields", []):
            problems += [f'{where}, field "{field.get("name")}": "{key}" changes how cells are read and is '
                         "not supported; remove it." for key in REFUSED_FIELD_KEYS if key in field]
    return problems


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _find_schema_problems(schema: Mapping, expected: Mapping) -> list[str]:
    fields = {f["name"]: f for f in schema["fields"]}
    problems = []
    for name, want in expected["fields"].items():
        field = fields.get(name)
        if field is None:
            problems.append(f', field "{name}": missing')
            continue
        have = field.get("type", "string")
        if have != want["type"]:
            problems.append(f', field "{name}": type is "{have}", not "{want["type"]}"')
        constraints = field.get("constraints", {})
        constraints = constraints if isinstance(constraints, dict) else {}
        problems += [f', field "{name}": {p}' for key, value in want["constraints"].items()
                     if (p := _describe_loosened(key, value, constraints))]
    for key in ("primaryKey", "foreignKeys"):
        have = schema.get(key, [])
        missing = [k for k in expected[key] if k not in have] if key == "foreignKeys" else []
        if (key == "primaryKey" and have != expected[key]) or missing:
            problems.append(f": {key} is {json.dumps(have, ensure_ascii=False)}, must hold "
                            f"{json.dumps(expected[key], ensure_ascii=False)}")
    return problems


def _describe_loosened(key: str, value: object, constraints: Mapping) -> str | None:
    have = constraints.get(key)
    if have is None:
        return f'constraint "{key}" is missing (expected {json.dumps(value, ensure_ascii=False)})'
    if key == "enum":  # values may be added (a new list or change kind is data, not code)
        return None if isinstance(have, list) and have else 'constraint "enum" is not a list of values'
    try:
        loosened = have < value if key in ("minimum", "minLength") else (
            have > value if key in ("maximum", "maxLength") else have != value)
    except TypeError:
        loosened = True
    if not loosened:
        return None
    return (f'constraint "{key}" is {json.dumps(have, ensure_ascii=False)}, not '
            f"{json.dumps(value, ensure_ascii=False)}")
