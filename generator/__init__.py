"""Policy Pack: a clause library and organisation files -> branded, signable policy sites and PDFs."""

__version__ = "0.1.0"
