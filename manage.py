#!/usr/bin/env python
"""Django's manage.py; the installed ``sammen`` command does the same."""

from sammen.cli import main

if __name__ == "__main__":
    main()
