"""The version of swrules, in one place (reports print it in their audit footer)."""

__version__ = "0.1.0"
