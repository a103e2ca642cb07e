"""MkDocs, changed where it repeats work: the theme's files listed once per process, not once per site.

Override: replaces Files.add_files_from_theme for the process.
"""

from __future__ import annotations

from typing import Any


def list_theme_files_once() -> None:
    """Make MkDocs list the theme's static files once per process rather than once per site.

    ``Files.add_files_from_theme`` walks every file of the theme (Material ships thousands) for each build, to
    find the few dozen it copies. The list depends on the theme alone, so it is kept; each build still makes its
    own File objects and lets its own pages override the theme's, as MkDocs does.
    """
    from mkdocs.structure.files import Files

    if getattr(Files.add_files_from_theme, "policy_pack_cached", False):
        return
    walk_theme = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env: Any, config: Any) -> None:
        from mkdocs.structure.files import File

        for path, folder in _theme_files(walk_theme, env, config):
            if self.get_file_from_path(path) is None:
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    add_files_from_theme.policy_pack_cached = True  # type: ignore[attr-defined]
    add_files_from_theme.original = walk_theme  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]


_theme_file_lists: dict[tuple[tuple[str, ...], tuple[str, ...]], list[tuple[str, str]]] = {}


def _theme_files(walk_theme: Any, env: Any, config: Any) -> list[tuple[str, str]]:
    """(path, theme folder) of every static file of the configured theme, as MkDocs's own walk finds them."""
    from mkdocs.structure.files import Files

    key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
    if key not in _theme_file_lists:
        found = Files([])
        walk_theme(found, env, config)
        _theme_file_lists[key] = [(file.src_uri, file.src_dir or "") for file in found]
    return _theme_file_lists[key]
