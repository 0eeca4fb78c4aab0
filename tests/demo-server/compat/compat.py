#!/usr/bin/python3
# compat.py: tq-demo-server against json-server 0.17
#
# Copyright 2026 The Tq authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the same requests against json-server 0.17 and tq-demo-server and
compares what a client sees. Both serve a copy of the same data: the seed
data tq-demo-server writes on its first run. The requests run in one order
against each server, writes included, so the two states stay the same; at
the end, whole collections are compared. Output is TAP.

What is compared, and why:
- the status code;
- the body, as JSON (member order and whitespace are not compared: json-glib
  and JSON.stringify format differently);
- Content-Type's media type: clients choose their parser by it;
- X-Total-Count: clients page with it (infinite lists, "page N of M");
- Link (first, prev, next, last), with each server's own address replaced
  by BASE: clients follow it to the next page. json-server sends an empty
  Link header when a page has no links; tq-demo-server sends none, and the
  two count as the same;
- Access-Control-Expose-Headers: it says which of the two above a browser
  may read;
- Location, on 201, with the address replaced by BASE: where the new item
  lives;
- Cache-Control: both ask clients to revalidate (no-cache).
What is not: ETag (both send one on 200 responses to GET, checked for
presence only: json-server's is a hash of the body, ours the item's version,
which is what makes If-Match work), Date, Server, X-Powered-By, Vary and
json-server's CORS headers, Content-Length (formatting differs), and the
connection headers.

Where tq-demo-server answers differently on purpose (it validates input and
answers errors with JSON), the test asserts each side's own answer; those
cases are marked "difference" in the output and listed in
src/demo-server/README.md.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

COMPARED_HEADERS = [
    'X-Total-Count',
    'Link',
    'Access-Control-Expose-Headers',
    'Location',
    'Cache-Control',
]


class Server:
    def __init__(self, name, process, base):
        self.name = name
        self.process = process
        self.base = base
        parsed = urllib.parse.urlsplit(base)
        self.host = parsed.hostname
        self.port = parsed.port

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        all_headers = {'Connection': 'close'}
        if body is not None:
            all_headers['Content-Type'] = 'application/json'
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
        all_headers.update(headers or {})
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        result = {
            'status': response.status,
            'headers': {k.lower(): v for k, v in response.getheaders()},
            'raw': data,
            'json': None,
        }
        try:
            result['json'] = json.loads(data) if data else None
        except ValueError:
            pass
        connection.close()
        return result


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def start_ours(program, data_file):
    process = subprocess.Popen([program, '--port', '0', data_file],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith('Listening on '):
        raise RuntimeError('tq-demo-server did not start: %r' % line)
    return Server('tq-demo-server', process, line[len('Listening on '):])


def start_json_server(program, data_file):
    port = free_port()
    process = subprocess.Popen([program, '--host', '127.0.0.1', '--port', str(port), '--quiet', data_file],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server('json-server', process, 'http://127.0.0.1:%d' % port)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.request('GET', '/todos/1')['status'] == 200:
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError('json-server did not start on port %d' % port)
        time.sleep(0.05)


def media_type(response):
    return response['headers'].get('content-type', '').split(';')[0].strip()


def header(server, response, name):
    value = response['headers'].get(name.lower())
    if value is None or value == '':
        return None
    return value.replace(server.base, 'BASE')


# The requests, in order. Each is (method, path, body, expectation); the
# expectation is 'same' (everything compared), 'status' (status and media
# type only, for errors, whose bodies differ: json-server answers {} or an
# HTML page, tq-demo-server a JSON error object), or a dict describing a
# deliberate difference.
def cases():
    c = []

    def add(method, path, body=None, expect='same', note=None):
        c.append((method, path, body, expect, note))

    # Reads
    for path in ['/todos', '/users', '/todos/1', '/todos/600', '/users/5', '/users/60']:
        add('GET', path)
    # Filters and search
    for query in ['userId=3', 'completed=true', 'completed=false', 'userId=1&userId=2', 'id=5', 'id=5.0',
                  'id_gte=10&id_lte=20', 'id_ne=1', 'id_ne=1&id_ne=2', 'title_like=%5Ebook', 'title_like=fence%24',
                  'q=dentist', 'q=DENTIST', 'q=199', 'q=false', 'colour=red', 'userId=1&completed=true',
                  '_=123']:
        add('GET', '/todos?' + query)
    for query in ['q=harwick', 'q=wax+goods', 'address.city=Harwick', 'address.city=Port%20Calloway',
                  'username_like=%5E%5Ba-c%5D', 'company.name_like=ceramics']:
        add('GET', '/users?' + query)
    # Paging
    for query in ['_page=2&_limit=10', '_page=1&_limit=10', '_page=60&_limit=10', '_page=61&_limit=10',
                  '_page=3', '_page=1&_limit=600', '_limit=5', '_start=10&_end=15', '_start=595&_limit=10',
                  '_start=-3&_limit=2', '_end=-595', '_page=0&_limit=abc', '_limit=7x', '_page=2&_limit=-5',
                  'userId=3&_page=2&_limit=5', '_limit=2&userId=4&_page=3']:
        add('GET', '/todos?' + query)
    # Sorting
    for query in ['_sort=title', '_sort=title&_order=desc', '_sort=id&_order=desc', '_sort=completed,userId&_order=desc,asc',
                  '_sort=id&_order=DESC&_page=2&_limit=3', '_sort=completed&_limit=30']:
        add('GET', '/todos?' + query)
    add('GET', '/users?_sort=address.city')
    add('GET', '/users?_sort=company.name&_order=desc')
    # Embedding and expanding
    for path in ['/users/4?_embed=todos', '/todos/45?_expand=user', '/todos?_expand=user&_limit=2',
                 '/users?_embed=todos&_limit=1', '/users/1?_embed=posts']:
        add('GET', path)
    # Nested
    for path in ['/users/2/todos', '/users/2/todos?completed=true', '/users/2/todos?_page=2&_limit=5',
                 '/users/2/todos?userId=3']:
        add('GET', path)
    # Not found
    for path in ['/todos/9999', '/users/61', '/todos/abc', '/posts']:
        add('GET', path, expect='status')

    # Writes
    add('POST', '/todos', {'userId': 2, 'title': 'Water the ferns', 'completed': False})
    add('POST', '/todos', {'userId': 3, 'title': 'Second', 'completed': True})
    add('POST', '/todos', {'id': 900, 'userId': 3, 'title': 'Chosen id', 'completed': False})
    add('POST', '/todos', {'userId': 3, 'title': 'After the chosen id', 'completed': False})
    add('GET', '/todos?_start=598')
    add('PUT', '/todos/5', {'userId': 4, 'title': 'Replaced', 'completed': True})
    add('PUT', '/todos/6', {'id': 6, 'userId': 4, 'title': 'Replaced with its id', 'completed': False})
    add('PATCH', '/todos/9', {'completed': True})
    add('PATCH', '/todos/9', {'title': 'Patched title', 'note': None})
    add('PATCH', '/users/3', {'website': 'new.example'})
    add('POST', '/users', {'name': 'Noor Ahmadi', 'username': 'noor', 'email': 'noor@ahmadi.example',
                           'address': {'street': '2 Elm Yard', 'suite': 'Apt. 1', 'city': 'Harwick', 'zipcode': '40118',
                                       'geo': {'lat': '51.2', 'lng': '6.7'}},
                           'phone': '+1 202-555-0111', 'website': 'noor.example',
                           'company': {'name': 'Ahmadi Print', 'catchPhrase': 'Ink that stays', 'bs': 'printing'}})
    add('PUT', '/users/61', {'name': 'Noor A.', 'username': 'noor', 'email': 'noor@ahmadi.example'})
    add('GET', '/users/61')
    add('DELETE', '/todos/10')
    add('DELETE', '/todos/10', expect='status')
    add('PUT', '/todos/9999', {'userId': 1, 'title': 'x', 'completed': False}, expect='status')
    add('PATCH', '/todos/9999', {'completed': True}, expect='status')
    add('DELETE', '/users/9999', expect='status')
    # Deleting a user deletes the user's todos
    add('DELETE', '/users/2')
    add('GET', '/todos?userId=2')
    add('GET', '/users/2/todos', expect={'ours': 404, 'theirs': 200},
        note='tq-demo-server answers 404 for a user that does not exist; json-server lists nothing')
    add('POST', '/todos', {'userId': 4, 'title': 'Id after deletions', 'completed': False})
    # The whole state, after all of the above
    add('GET', '/todos')
    add('GET', '/users')

    # Deliberate differences, last: json-server accepts some of these, and
    # its state would no longer be ours
    add('POST', '/todos', '{bad', expect='status')
    add('POST', '/todos', {'id': 1, 'userId': 1, 'title': 'Duplicate', 'completed': False},
        expect={'ours': 409, 'theirs': 500},
        note='a duplicate id: json-server fails with 500 and a stack trace, tq-demo-server answers 409')
    add('DELETE', '/todos', expect={'ours': 405, 'theirs': 404},
        note='a method a route does not have: json-server answers 404, tq-demo-server 405 with Allow')
    add('POST', '/users/1/todos', {'title': 'Nested', 'completed': False}, expect='nested-post',
        note='json-server stores the user id from the URL as a string ("1") and gives a Location under '
             '/users/1/todos; tq-demo-server stores the integer and gives /todos/ID')
    add('POST', '/todos', {'userId': 1, 'title': 'Typed', 'completed': 'yes'},
        expect={'ours': 400, 'theirs': 201},
        note='a field of the wrong type: json-server stores anything, tq-demo-server answers 400')
    add('POST', '/todos', {'userId': 1}, expect={'ours': 400, 'theirs': 201},
        note='a todo without a title: json-server stores it, tq-demo-server answers 400')
    add('GET', '/todos?_page=21&_limit=10&title_like=(', expect={'ours': 400, 'theirs': 500},
        note='an invalid regular expression in _like: json-server fails with 500, tq-demo-server answers 400')
    return c


def compare(ours, theirs, o, t, method, expect):
    """Returns a list of the differences between two responses"""
    problems = []

    if isinstance(expect, dict):
        if o['status'] != expect['ours']:
            problems.append('tq-demo-server answered %d, expected %d' % (o['status'], expect['ours']))
        if t['status'] != expect['theirs']:
            problems.append('json-server answered %d, expected %d' % (t['status'], expect['theirs']))
        if o['status'] >= 400 and (not isinstance(o['json'], dict) or 'message' not in o['json']):
            problems.append('tq-demo-server\'s error is not a JSON error object: %r' % o['raw'][:200])
        return problems

    if o['status'] != t['status']:
        problems.append('status: tq-demo-server %d, json-server %d' % (o['status'], t['status']))
        return problems

    if expect == 'status':
        if o['status'] >= 400:
            if media_type(o) != 'application/json':
                problems.append('tq-demo-server\'s error is %s, not JSON' % media_type(o))
            if not isinstance(o['json'], dict) or not isinstance(o['json'].get('message'), str):
                problems.append('tq-demo-server\'s error has no message: %r' % o['raw'][:200])
        return problems

    if expect == 'nested-post':
        body_o, body_t = dict(o['json']), dict(t['json'])
        if body_t.get('userId') != str(body_o.get('userId')):
            problems.append('userId: tq-demo-server %r, json-server %r' % (body_o.get('userId'), body_t.get('userId')))
        body_o.pop('userId', None)
        body_t.pop('userId', None)
        if body_o != body_t:
            problems.append('body: tq-demo-server %s, json-server %s' % (json.dumps(body_o), json.dumps(body_t)))
        if header(ours, o, 'Location') != 'BASE/todos/%d' % body_o['id']:
            problems.append('Location: %s' % header(ours, o, 'Location'))
        if header(theirs, t, 'Location') != 'BASE/users/1/todos/%d' % body_t['id']:
            problems.append('json-server Location: %s' % header(theirs, t, 'Location'))
        return problems

    if media_type(o) != media_type(t):
        problems.append('Content-Type: tq-demo-server %s, json-server %s' % (media_type(o), media_type(t)))
    for name in COMPARED_HEADERS:
        ho, ht = header(ours, o, name), header(theirs, t, name)
        if ho != ht:
            problems.append('%s: tq-demo-server %r, json-server %r' % (name, ho, ht))
    if method in ('GET', 'HEAD') and o['status'] == 200:
        for server, response in ((ours, o), (theirs, t)):
            if 'etag' not in response['headers']:
                problems.append('%s sent no ETag' % server.name)
    if o['json'] != t['json']:
        problems.append('body: tq-demo-server %s\n     json-server %s' % (json.dumps(o['json'])[:600],
                                                                      json.dumps(t['json'])[:600]))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--server', required=True, help='the tq-demo-server program')
    parser.add_argument('--json-server', required=True, help='node_modules/.bin/json-server')
    args = parser.parse_args()

    if not os.path.exists(args.json_server) or shutil.which('node') is None:
        print('Bail out! json-server 0.17 is not installed: run build-aux/setup.sh '
              '(npm ci in tests/demo-server/compat)')
        return 1

    all_cases = cases()
    print('1..%d' % (len(all_cases) + 1))
    sys.stdout.flush()

    tmp = tempfile.mkdtemp(prefix='tq-demo-compat-')
    ours = theirs = None
    failed = 0
    try:
        # tq-demo-server seeds its first file; json-server gets a copy of it
        ours_file = os.path.join(tmp, 'ours.json')
        theirs_file = os.path.join(tmp, 'theirs.json')
        ours = start_ours(args.server, ours_file)
        shutil.copyfile(ours_file, theirs_file)
        theirs = start_json_server(args.json_server, theirs_file)

        for n, (method, path, body, expect, note) in enumerate(all_cases, 1):
            o = ours.request(method, path, body)
            t = theirs.request(method, path, body)
            problems = compare(ours, theirs, o, t, method, expect)
            label = '%s %s' % (method, path)
            if isinstance(expect, dict) or expect == 'nested-post':
                label += ' # difference: ' + note
            if problems:
                failed += 1
                print('not ok %d - %s' % (n, label))
                for p in problems:
                    for line in p.splitlines():
                        print('#   ' + line)
            else:
                print('ok %d - %s' % (n, label))
            sys.stdout.flush()
    finally:
        if theirs is not None:
            theirs.process.terminate()
            theirs.process.wait(timeout=30)
        status = None
        if ours is not None:
            # A clean shutdown; in a sanitizer build this includes the leak check
            ours.process.send_signal(signal.SIGTERM)
            status = ours.process.wait(timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)

    n = len(all_cases) + 1
    if status == 0:
        print('ok %d - tq-demo-server stopped cleanly on SIGTERM' % n)
    else:
        failed += 1
        print('not ok %d - tq-demo-server stopped cleanly on SIGTERM # exit status %s' % (n, status))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
