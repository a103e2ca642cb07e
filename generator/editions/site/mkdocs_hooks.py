"""MkDocs hooks: the theme's templates compiled once per process, and the theme's files no page loads not copied.

Both only save time: what a published site is (its policy, mended pages, the theme files it keeps) is decided by
``site_finish`` over the files any engine writes, since another engine would run no hook.

MkDocs makes a new Jinja environment for each build, so in a worker building hundreds of sites the theme's
templates would be compiled again for every one (a third of a site's build time). A bytecode cache shared by
the process keeps them compiled.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates, by template name and source checksum, for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


THEME_TEMPLATES = MemoryBytecodeCache()


def on_env(env: Environment, config: Any, files: Any) -> Environment:
    # MkDocs runs this file as a module of its own each time it loads a configuration; the cache lives in the
    # package's module, which is imported once per process.
    from generator.editions.site import mkdocs_hooks

    env.bytecode_cache = mkdocs_hooks.THEME_TEMPLATES
    return env


def on_files(files: Any, config: Any) -> Any:
    """Leave out the theme's source maps and the search languages the site does not use (2.2 MB no page loads),
    so that MkDocs does not copy what ``site_finish`` would remove."""
    from generator.editions.site.theme_files import unused

    search = next(plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search")
    languages = set(search.config.lang)
    for file in [file for file in files if unused(file.src_uri, languages=languages)]:
        files.remove(file)
    return files
