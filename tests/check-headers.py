#!/usr/bin/env python3
# Checks the public headers of both libraries, as libadwaita's
# api-visibility check does: every public header is in the umbrella header,
# none includes a private one, and each guards against direct inclusion.
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
failures = []

libraries = [
    ('src/tq', 'tq.h', 'TQ_INSIDE', 'TQ_COMPILATION'),
    ('src/tq-gtk', 'tq-gtk.h', 'TQ_GTK_INSIDE', 'TQ_GTK_COMPILATION'),
]

print('1..%d' % len(libraries))
for n, (directory, umbrella, inside, compilation) in enumerate(libraries, 1):
    d = root / directory
    ok = True
    umbrella_text = (d / umbrella).read_text()
    included = set(re.findall(r'#\s*include\s+"([^"]+)"', umbrella_text))
    for header in sorted(d.glob('*.h')):
        name = header.name
        if name == umbrella or name.endswith('-private.h'):
            continue
        text = header.read_text()
        if name not in included:
            failures.append('%s is not included by %s' % (name, umbrella))
            ok = False
        for inc in re.findall(r'#\s*include\s+[<"]([^>"]+)[>"]', text):
            if inc.endswith('-private.h'):
                failures.append('%s includes the private header %s' % (name, inc))
                ok = False
        if '#pragma once' not in text:
            failures.append('%s has no #pragma once' % name)
            ok = False
        if inside not in text or compilation not in text:
            failures.append('%s lacks the single-include guard' % name)
            ok = False
    for header in sorted(d.glob('*.h.in')):
        text = header.read_text()
        if inside not in text:
            failures.append('%s lacks the single-include guard' % header.name)
            ok = False
    print('%s %d - %s' % ('ok' if ok else 'not ok', n, directory))

for f in failures:
    print('# ' + f)
sys.exit(1 if failures else 0)
