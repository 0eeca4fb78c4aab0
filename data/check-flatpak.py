#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Tq authors
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Checks the Flatpak manifest offline (no runtime can be installed here).
#
#   check-flatpak.py manifest MANIFEST --flatpak-builder PATH
#       flatpak-builder parses the manifest without a warning; it uses the
#       GNOME runtime (47 or newer), builds Tq from this checkout with meson,
#       and asks for exactly the permissions the demo needs.
#
#   check-flatpak.py install MANIFEST --meson PATH --workdir DIR
#       configures this checkout the way flatpak-builder would (prefix /app,
#       the manifest's config-opts), builds it, installs it into a staging
#       directory with `meson install --destdir`, and checks that the files
#       the manifest and the metainfo name are where Flatpak looks for them.

import argparse
import configparser
import json
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
MIN_RUNTIME_VERSION = 47
GETTEXT_DOMAIN = 'tq'
SCHEMA_ID = 'io.github.tq.Demo'

# Network (HTTP, also to the embedded server on loopback), display, GPU;
# nothing else: no files, no D-Bus names beyond the portals.
FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--device=dri',
}

errors = []


def fail(message):
    errors.append(message)


def finish():
    for message in errors:
        print('FAIL: ' + message, file=sys.stderr)
    if errors:
        sys.exit(1)
    print('all checks passed')


def load_manifest(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def app_id_of(manifest):
    return manifest.get('id') or manifest.get('app-id')


def tq_module(manifest):
    """The module that builds this checkout: the last one, from a dir source."""
    modules = manifest.get('modules') or []
    if not modules or not isinstance(modules[-1], dict):
        return None
    return modules[-1]


def config_opts(manifest, module):
    opts = []
    opts += (manifest.get('build-options') or {}).get('config-opts', [])
    opts += (module.get('build-options') or {}).get('config-opts', [])
    opts += module.get('config-opts', [])
    return opts


def check_manifest(args):
    manifest_path = os.path.abspath(args.manifest)
    result = subprocess.run([args.flatpak_builder, '--show-manifest', manifest_path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            universal_newlines=True, env=dict(os.environ, LC_ALL='C'))
    if result.returncode != 0:
        fail('flatpak-builder --show-manifest failed (%d):\n%s' % (result.returncode, result.stderr))
        return
    # Unknown keys only produce a warning with exit status 0.
    for line in result.stderr.splitlines():
        if 'WARNING' in line or 'CRITICAL' in line:
            fail('flatpak-builder: ' + line.strip())

    # What flatpak-builder understood, not just what the file says.
    manifest = json.loads(result.stdout)
    app_id = app_id_of(manifest)
    if not app_id:
        fail('the manifest has no id')
    elif app_id != 'io.github.tq.Demo' and app_id != 'io.github.tq.Demo.Devel':
        fail('unexpected app id %s' % app_id)

    if manifest.get('runtime') != RUNTIME:
        fail('runtime is %r, not %s' % (manifest.get('runtime'), RUNTIME))
    if manifest.get('sdk') != SDK:
        fail('sdk is %r, not %s' % (manifest.get('sdk'), SDK))
    version = str(manifest.get('runtime-version', ''))
    if not version.isdigit() or int(version) < MIN_RUNTIME_VERSION:
        fail('runtime-version %r is not a GNOME release >= %d' % (version, MIN_RUNTIME_VERSION))

    if manifest.get('command') != 'tq-demo':
        fail('command is %r, not tq-demo' % manifest.get('command'))

    finish_args = manifest.get('finish-args') or []
    for arg in sorted(set(finish_args) - FINISH_ARGS):
        fail('permission %s is more than the demo needs' % arg)
    for arg in sorted(FINISH_ARGS - set(finish_args)):
        fail('permission %s is missing' % arg)
    if len(finish_args) != len(set(finish_args)):
        fail('finish-args has duplicates')

    module = tq_module(manifest)
    if module is None:
        fail('the manifest has no module')
        return
    if module.get('buildsystem') != 'meson':
        fail('module %s is not built with meson' % module.get('name'))
    sources = module.get('sources') or []
    dirs = [s for s in sources if isinstance(s, dict) and s.get('type') == 'dir']
    if len(sources) != 1 or len(dirs) != 1:
        fail('module %s must have exactly one source, of type dir' % module.get('name'))
    else:
        source_dir = os.path.normpath(os.path.join(os.path.dirname(manifest_path), dirs[0].get('path', '')))
        if not os.path.isfile(os.path.join(source_dir, 'meson.build')) or \
           not os.path.samefile(source_dir, os.path.dirname(manifest_path)):
            fail('the dir source %r is not this checkout' % dirs[0].get('path'))
    opts = config_opts(manifest, module)
    for wanted in ('-Dtests=false', '-Ddocs=disabled', '-Dintrospection=disabled'):
        if wanted not in opts:
            fail('config-opts lacks %s' % wanted)
    devel_id = (app_id or '').endswith('.Devel')
    if ('-Ddevelopment=true' in opts) != devel_id:
        fail('the .Devel app id goes with -Ddevelopment=true, and only with it')

    print('manifest: %s on %s//%s, command %s, finish-args %s' % (
        app_id, manifest.get('runtime'), version, manifest.get('command'), ' '.join(finish_args)))


def run(command, **kwargs):
    print('$ ' + ' '.join(command), flush=True)
    result = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            universal_newlines=True, **kwargs)
    if result.returncode != 0:
        print(result.stdout, file=sys.stderr)
        print('FAIL: %s exited with %d' % (command[0], result.returncode), file=sys.stderr)
        sys.exit(1)
    return result.stdout


def read_linguas(source_root):
    languages = []
    with open(os.path.join(source_root, 'po', 'LINGUAS'), encoding='utf-8') as f:
        for line in f:
            languages.extend(line.split('#', 1)[0].split())
    return languages


def read_desktop_file(path):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    return parser['Desktop Entry']


def mo_message_count(path):
    """The number of messages in a compiled catalogue, its header included."""
    with open(path, 'rb') as f:
        head = f.read(12)
    for order in ('<', '>'):
        if len(head) == 12 and struct.unpack(order + 'I', head[:4])[0] == 0x950412de:
            return struct.unpack(order + 'I', head[8:12])[0]
    return 0


def check_install(args):
    manifest_path = os.path.abspath(args.manifest)
    source_root = os.path.dirname(manifest_path)
    manifest = load_manifest(manifest_path)
    app_id = app_id_of(manifest)
    command = manifest.get('command')
    module = tq_module(manifest)
    if not app_id or not command or module is None:
        fail('the manifest lacks an id, a command or a module')
        return finish()

    options = manifest.get('build-options') or {}
    prefix = options.get('prefix', '/app')
    libdir = options.get('libdir', prefix + '/lib')

    workdir = os.path.abspath(args.workdir)
    builddir = os.path.join(workdir, 'build')
    destdir = os.path.join(workdir, 'stage')
    shutil.rmtree(workdir, ignore_errors=True)
    os.makedirs(workdir)

    # As flatpak-builder runs it (builder-module.c): setup, ninja, install.
    setup = [args.meson, 'setup', '--wrap-mode=nodownload',
             '--prefix=' + prefix, '--libdir=' + libdir] + config_opts(manifest, module)
    run(setup + [builddir, source_root])
    output = run(['ninja', '-C', builddir])
    for line in output.splitlines():
        if 'warning:' in line:
            print('build warning: ' + line, file=sys.stderr)
    run([args.meson, 'install', '-C', builddir, '--no-rebuild', '--destdir', destdir])

    app = os.path.join(destdir, prefix.lstrip('/'))
    share = os.path.join(app, 'share')

    def expect_file(relpath):
        path = os.path.join(app, relpath)
        if not os.path.isfile(path):
            fail('%s/%s was not installed' % (prefix, relpath))
            return None
        return path

    # Nothing outside the prefix: Flatpak only keeps /app.
    for dirpath, _, filenames in os.walk(destdir):
        for name in filenames:
            path = os.path.join(dirpath, name)
            if os.path.commonpath([path, app]) != app:
                fail('%s is installed outside %s' % (os.path.relpath(path, destdir), prefix))

    binary = expect_file(os.path.join('bin', command))
    if binary and not os.access(binary, os.X_OK):
        fail('%s/bin/%s is not executable' % (prefix, command))

    languages = read_linguas(source_root)

    desktop_path = expect_file('share/applications/%s.desktop' % app_id)
    if desktop_path:
        entry = read_desktop_file(desktop_path)
        exec_line = entry.get('Exec', '')
        if not exec_line.split() or exec_line.split()[0] != command:
            fail('desktop file Exec=%s does not run %s' % (exec_line, command))
        if entry.get('Icon') != app_id:
            fail('desktop file Icon=%s is not %s' % (entry.get('Icon'), app_id))
        for language in languages:
            if 'Name[%s]' % language not in entry or 'Comment[%s]' % language not in entry:
                fail('desktop file has no %s translation of Name and Comment' % language)

    metainfo_path = expect_file('share/metainfo/%s.metainfo.xml' % app_id)
    if metainfo_path:
        component = ET.parse(metainfo_path).getroot()
        if component.findtext('id') != app_id:
            fail('metainfo id %s is not %s' % (component.findtext('id'), app_id))
        launchables = [l.text for l in component.findall('launchable') if l.get('type') == 'desktop-id']
        if launchables != ['%s.desktop' % app_id]:
            fail('metainfo launchable %s is not %s.desktop' % (launchables, app_id))
        binaries = [b.text for b in component.findall('provides/binary')]
        if binaries != [command]:
            fail('metainfo provides binaries %s, not %s' % (binaries, command))
        domains = [t.text for t in component.findall('translation') if t.get('type') == 'gettext']
        if domains != [GETTEXT_DOMAIN]:
            fail('metainfo translation domains %s are not [%s]' % (domains, GETTEXT_DOMAIN))
        lang_attr = '{http://www.w3.org/XML/1998/namespace}lang'
        for language in languages:
            if not any(n.get(lang_attr) == language for n in component.findall('name')):
                fail('metainfo has no %s translation of its name' % language)

    for relpath in ('share/icons/hicolor/scalable/apps/%s.svg' % app_id,
                    'share/icons/hicolor/symbolic/apps/%s-symbolic.svg' % app_id):
        path = expect_file(relpath)
        if path and ET.parse(path).getroot().tag != '{http://www.w3.org/2000/svg}svg':
            fail('%s/%s is not an SVG image' % (prefix, relpath))

    schema_path = expect_file('share/glib-2.0/schemas/%s.gschema.xml' % SCHEMA_ID)
    if schema_path:
        ids = [s.get('id') for s in ET.parse(schema_path).getroot().findall('schema')]
        if SCHEMA_ID not in ids:
            fail('the installed schema file does not define %s' % SCHEMA_ID)

    for language in languages:
        path = expect_file('share/locale/%s/LC_MESSAGES/%s.mo' % (language, GETTEXT_DOMAIN))
        if path:
            if mo_message_count(path) < 2:
                fail('%s/share/locale/%s/LC_MESSAGES/%s.mo holds no translation' % (
                    prefix, language, GETTEXT_DOMAIN))

    # flatpak build-finish exports only files named after the app id.
    for exported in ('applications', 'metainfo', 'icons', 'dbus-1/services'):
        top = os.path.join(share, exported)
        for dirpath, _, filenames in os.walk(top):
            for name in filenames:
                if name in ('index.theme', 'icon-theme.cache'):
                    continue
                if not name.startswith(app_id):
                    fail('share/%s would not be exported: its name does not start with %s' % (
                        os.path.relpath(os.path.join(dirpath, name), share), app_id))

    installed = sorted(os.path.relpath(os.path.join(d, n), destdir)
                       for d, _, names in os.walk(destdir) for n in names)
    print('installed %d files, among them:' % len(installed))
    for path in installed:
        if not path.startswith(os.path.join(prefix.lstrip('/'), 'include')) and '/pkgconfig/' not in path:
            print('  /' + path)

    finish()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('mode', choices=('manifest', 'install'))
    parser.add_argument('manifest')
    parser.add_argument('--flatpak-builder', default='flatpak-builder')
    parser.add_argument('--meson', default='meson')
    parser.add_argument('--workdir')
    args = parser.parse_args()

    if args.mode == 'manifest':
        check_manifest(args)
        finish()
    else:
        if not args.workdir:
            parser.error('install needs --workdir')
        check_install(args)


if __name__ == '__main__':
    main()
