"""Every override of a library's internals, each in one place and each with a test of what it does.

A library release that renames or changes what is overridden here fails those tests, not a build.
"""
