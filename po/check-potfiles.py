#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Tq authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks po/POTFILES.in against the tree: every file under src/ and data/
# with translatable strings is listed, every listed file exists, and the list
# is sorted with no duplicates.
#
# Usage: check-potfiles.py SOURCE_ROOT

import os
import re
import sys

SCANNED_DIRS = ('src', 'data')

# gettext calls in C (and in any JavaScript or Python the app may grow).
# The look-behind keeps identifiers that merely end in an underscore, such
# as tq_key_, from matching.
CODE_EXTENSIONS = ('.c', '.h', '.js', '.py', '.vala')
CODE_PATTERN = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|g_dgettext|g_dngettext|g_dpgettext2|ngettext)\s*\(')

# GtkBuilder files with a translatable property or string.
UI_EXTENSIONS = ('.ui', '.ui.in')
UI_PATTERN = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"', re.IGNORECASE)

# Data files that are translatable by their kind, whatever they contain.
DATA_TEMPLATE = re.compile(
    r'\.(?:desktop\.in(?:\.in)?|metainfo\.xml\.in(?:\.in)?|appdata\.xml\.in(?:\.in)?|gschema\.xml(?:\.in)?)$')


def read_potfiles(path):
    entries = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith('#'):
                continue
            # intltool-style [encoding: …] or [type: …] prefixes.
            line = re.sub(r'^\[[^\]]*\]\s*', '', line)
            entries.append((number, line))
    return entries


def translatable(root, relpath):
    if DATA_TEMPLATE.search(relpath):
        return True
    if relpath.endswith(CODE_EXTENSIONS):
        pattern = CODE_PATTERN
    elif relpath.endswith(UI_EXTENSIONS):
        pattern = UI_PATTERN
    else:
        return False
    with open(os.path.join(root, relpath), encoding='utf-8', errors='replace') as f:
        return pattern.search(f.read()) is not None


def scan(root):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith('.'))
            for name in sorted(filenames):
                relpath = os.path.relpath(os.path.join(dirpath, name), root)
                relpath = relpath.replace(os.sep, '/')
                if translatable(root, relpath):
                    found.append(relpath)
    return found


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: check-potfiles.py SOURCE_ROOT')
    root = sys.argv[1]
    potfiles = os.path.join(root, 'po', 'POTFILES.in')
    entries = read_potfiles(potfiles)
    listed = [path for _, path in entries]
    errors = []

    for number, path in entries:
        if not os.path.isfile(os.path.join(root, path)):
            errors.append('po/POTFILES.in:%d: %s does not exist' % (number, path))

    seen = set()
    for number, path in entries:
        if path in seen:
            errors.append('po/POTFILES.in:%d: %s is listed twice' % (number, path))
        seen.add(path)

    if listed != sorted(listed):
        errors.append('po/POTFILES.in is not sorted; expected:\n  ' +
                      '\n  '.join(sorted(set(listed))))

    found = scan(root)
    for path in found:
        if path not in seen:
            errors.append('%s has translatable strings but is missing from po/POTFILES.in' % path)

    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        sys.exit(1)

    print('po/POTFILES.in lists all %d files with translatable strings' % len(found))


if __name__ == '__main__':
    main()
