"""Policy Pack: a clause library and organisation files -> branded, signable policy sites and PDFs."""

__version__ = "0.1.0"

INTERRUPTED = "Interrupted; the previous output is unchanged."
"""What an interrupted command says: one line, whenever Ctrl-C comes."""
