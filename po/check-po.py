#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Tq authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks the translations in po/.
#
#   check-po.py compile SOURCE_ROOT
#       every language in LINGUAS has a .po file and every .po file is in
#       LINGUAS; each compiles with `msgfmt --check` and has no fuzzy or
#       untranslated message (`msgfmt --statistics`).
#
#   check-po.py complete SOURCE_ROOT XGETTEXT_ARG...
#       extracts the strings of the files in POTFILES.in as `ninja tq-pot`
#       does (same xgettext arguments) and checks that each .po file
#       translates every one of them (`msgcmp`), so that a new string in the
#       sources fails here until po/README.md's steps have been followed.

import os
import re
import subprocess
import sys
import tempfile


def read_linguas(podir):
    languages = []
    with open(os.path.join(podir, 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            languages.extend(line.split())
    return languages


def check_compile(root):
    podir = os.path.join(root, 'po')
    languages = read_linguas(podir)
    errors = []

    if not languages:
        errors.append('po/LINGUAS lists no language')
    on_disk = sorted(name[:-3] for name in os.listdir(podir) if name.endswith('.po'))
    for language in on_disk:
        if language not in languages:
            errors.append('po/%s.po is not listed in po/LINGUAS' % language)

    for language in languages:
        path = os.path.join(podir, language + '.po')
        if not os.path.isfile(path):
            errors.append('po/LINGUAS lists %s but po/%s.po does not exist' % (language, language))
            continue
        result = subprocess.run(
            ['msgfmt', '--check', '--statistics', '--output-file=' + os.devnull, path],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
            env=dict(os.environ, LC_ALL='C'))
        output = (result.stdout + result.stderr).strip()
        if result.returncode != 0:
            errors.append('po/%s.po does not compile:\n%s' % (language, output))
            continue
        # With nothing fuzzy or untranslated msgfmt prints only
        # "N translated messages."
        statistics = output.splitlines()[-1] if output else ''
        if not re.fullmatch(r'[0-9]+ translated messages?\.', statistics):
            errors.append('po/%s.po is incomplete: %s' % (language, output))
        else:
            print('po/%s.po: %s' % (language, statistics))

    return errors


def check_complete(root, xgettext_args):
    podir = os.path.join(root, 'po')
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'tq.pot')
        result = subprocess.run(
            ['xgettext', '--package-name=tq', '--directory=' + root,
             '--files-from=' + os.path.join(podir, 'POTFILES.in'),
             '--output=' + pot] + xgettext_args,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
            env=dict(os.environ, LC_ALL='C'))
        if result.returncode != 0:
            return ['xgettext failed:\n' + result.stdout]
        if not os.path.exists(pot):
            return ['xgettext found no translatable string in the files of po/POTFILES.in']

        for language in read_linguas(podir):
            path = os.path.join(podir, language + '.po')
            result = subprocess.run(
                ['msgcmp', path, pot],
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                env=dict(os.environ, LC_ALL='C'))
            if result.returncode != 0:
                errors.append('po/%s.po lacks translations of strings in the sources '
                              '(see po/README.md):\n%s' % (language, result.stdout.strip()))
            else:
                print('po/%s.po translates every string in the sources' % language)
    return errors


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ('compile', 'complete'):
        sys.exit('usage: check-po.py compile|complete SOURCE_ROOT [XGETTEXT_ARG...]')
    mode, root = sys.argv[1], sys.argv[2]
    if mode == 'compile':
        errors = check_compile(root)
    else:
        errors = check_complete(root, sys.argv[3:])
    for error in errors:
        print(error, file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
