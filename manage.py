#!/usr/bin/env python
"""Django's manage.py; the `sehati` console script does the same."""

from sehati.cli import main

if __name__ == "__main__":
    main()
