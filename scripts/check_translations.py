"""Fail when a user-facing string has no Danish translation, or only a fuzzy one.

Re-extracts the strings from the code and templates first (makemessages), so a new string that nobody has
translated yet fails the check too.
"""

import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "sammen"
CATALOG = PACKAGE / "locale" / "da" / "LC_MESSAGES" / "django.po"


def main() -> int:
    sammen = ROOT / ".venv" / "bin" / "sammen"
    command = [
        str(sammen) if sammen.exists() else "sammen",
        "makemessages",
        "-l",
        "da",
        "--no-obsolete",
        "--no-location",
        "--verbosity",
        "0",
    ]
    subprocess.run(command, cwd=PACKAGE, check=True)
    catalog = polib.pofile(str(CATALOG))
    missing = [entry for entry in catalog if not entry.obsolete and not entry.translated()]
    fuzzy = [entry for entry in catalog if "fuzzy" in entry.flags]
    for entry in missing:
        print(f"missing Danish translation: {entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}")
    for entry in fuzzy:
        print(f"fuzzy Danish translation: {entry.msgid!r}")
    if missing or fuzzy:
        print(f"{len(missing)} missing and {len(fuzzy)} fuzzy Danish translations in {CATALOG.relative_to(ROOT)}")
        return 1
    print(f"All {len(catalog)} strings have a Danish translation.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
