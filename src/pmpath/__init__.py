"""pmpath: the product manager career path as software.

Kept import-light on purpose: `pmpath ladder` must start fast, so nothing heavy is imported here.
"""

__version__ = "0.1.0"
