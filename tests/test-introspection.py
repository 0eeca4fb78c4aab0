#!/usr/bin/python3
# Loads Tq-1 and TqGtk-1 through GObject Introspection, as a Python
# application would, and makes real calls through them.
import sys

import gi

gi.require_version('Tq', '1')
from gi.repository import GLib, Tq  # noqa: E402

tests = []


def test(func):
    tests.append(func)
    return func


@test
def key_hash():
    key = GLib.Variant('(sa{sv})', ('todos', {'page': GLib.Variant('i', 2),
                                                'done': GLib.Variant('b', False)}))
    assert Tq.key_hash(key) == '["todos",{"done":false,"page":2}]'
    assert Tq.key_partial_match(key, GLib.Variant('(s)', ('todos',)))
    assert not Tq.key_partial_match(key, GLib.Variant('(s)', ('users',)))


@test
def key_errors():
    try:
        Tq.key_validate(GLib.Variant('s', 'todos'))
    except GLib.Error as e:
        assert e.matches(Tq.error_quark(), Tq.Error.INVALID_KEY), e
    else:
        raise AssertionError('a string key was accepted')


@test
def virtual_clock():
    clock = Tq.VirtualClock.new(0)
    fired = []

    def on_timeout(name):
        fired.append((name, clock.get_now()))
        return GLib.SOURCE_REMOVE

    clock.add_timeout(30, on_timeout, 'b')
    clock.add_timeout(10, on_timeout, 'a')
    clock.advance(100)
    assert fired == [('a', 10), ('b', 30)], fired
    assert clock.get_now() == 100


@test
def notify_manager():
    manager = Tq.NotifyManager.new()
    clock = Tq.VirtualClock.new(0)
    seen = []

    manager.begin_batch()
    manager.schedule(lambda *args: seen.append('one'))
    manager.schedule(lambda *args: seen.append('two'))
    manager.end_batch()
    assert seen == []
    clock.flush()
    assert seen == ['one', 'two'], seen


@test
def http():
    key = GLib.Variant('(sia{sv})', ('users', 3, {'q': GLib.Variant('s', 'a b')}))
    assert Tq.http_key_to_path(key, None) == '/users/3?q=a%20b'
    client = Tq.HttpClient.new('http://example.com/api')
    assert client.build_uri('/todos') == 'http://example.com/api/todos'
    client.set_path_func(lambda client, key, page, *data: '/custom')
    assert client.build_path(key, None) == '/custom'
    try:
        Tq.http_key_to_path(GLib.Variant('(s)', ('',)), None)
    except GLib.Error as e:
        assert e.matches(Tq.http_error_quark(), Tq.HttpError.INVALID_REQUEST), e
    else:
        raise AssertionError('an empty segment was accepted')
    assert client.dup_entity_tag('/todos/1') is None
    options = Tq.MutationOptions.new(None)
    client.apply_mutation_full(options, 'PATCH', '/users/{id}', Tq.HttpMutationFlags.IF_MATCH)
    realtime = Tq.Realtime.new(Tq.QueryClient.new(), client, None)
    assert realtime.get_path() == '/events'
    assert realtime.get_state() == Tq.RealtimeState.STOPPED


@test
def infinite_list_model():
    gi.require_version('Json', '1.0')
    from gi.repository import Json
    client = Tq.QueryClient.new()
    key = GLib.Variant('(s)', ('feed',))
    pages = Json.Array.new()
    params = Json.Array.new()
    for p in range(3):
        parser = Json.Parser.new()
        parser.load_from_data('[{"id": %d, "title": "t%d"}, {"id": %d}]' % (2 * p, 2 * p, 2 * p + 1), -1)
        pages.add_element(parser.get_root())
        params.add_int_element(p)
    client.set_query_json(key, Tq.infinite_data_new(pages, params))
    options = Tq.QueryOptions.new(key)
    options.set_stale_time(GLib.MAXINT64)
    seen = []

    def next_param(page, pages, param, params, *args):
        seen.append((param.get_int(), pages.get_length()))
        return param.get_int() + 1

    options.set_get_next_page_param_func(next_param)
    observer = Tq.InfiniteQueryObserver.new(client, options)
    assert isinstance(observer, Tq.QueryObserver)
    model = Tq.InfiniteListModel.new(observer)
    assert model.get_n_items() == 6, model.get_n_items()
    item = model.get_item(2)
    assert item.props.key == '2' and item.get_string('title') == 't2'
    assert observer.props.has_next_page
    assert seen and seen[-1] == (2, 3), seen


@test
def observer_built_as_python_does():
    # Python builds objects with properties only; the options come later,
    # and the properties that changed from their defaults are notified.
    gi.require_version('Json', '1.0')
    from gi.repository import Json
    client = Tq.QueryClient.new()
    client.mount()
    key = GLib.Variant('(s)', ('late',))
    client.set_query_json(key, Json.from_string('{"title": "cached"}'))
    observer = Tq.QueryObserver(client=client)
    assert observer.props.status == Tq.QueryStatus.PENDING
    heard = []
    observer.connect('notify::data', lambda o, p: heard.append(p.name))
    observer.connect('notify::status', lambda o, p: heard.append(p.name))
    options = Tq.QueryOptions.new(key)
    options.set_stale_time(GLib.MAXINT64)
    observer.set_options(options)
    context = GLib.MainContext.default()
    while context.iteration(False):
        pass
    assert sorted(heard) == ['data', 'status'], heard
    assert observer.props.status == Tq.QueryStatus.SUCCESS
    assert observer.props.data.get_object().get_string_member('title') == 'cached'


@test
def mutations():
    gi.require_version('Json', '1.0')
    from gi.repository import GObject, Json

    clock = Tq.VirtualClock.new(0)
    client = GObject.new(Tq.QueryClient, clock=clock,
                         notify_manager=Tq.NotifyManager.new(),
                         focus_manager=Tq.FocusManager.new(),
                         online_manager=Tq.OnlineManager.new(None))
    options = Tq.MutationOptions.new(GLib.Variant('(s)', ('todos',)))
    seen = []

    def mutation_fn(context):
        context.return_json(context.get_variables_json())

    def on_success(mutation, data, variables, context):
        raise GLib.Error('refused by the callback')

    def on_mutate(observer, mutation, variables):
        return 'snapshot'

    def on_error(observer, mutation, error, variables, context):
        seen.append((error.message, context))

    options.set_mutation_func(mutation_fn)
    observer = Tq.MutationObserver.new(client, options)
    observer.connect('mutate', on_mutate)
    observer.connect('error', on_error)
    observer.subscribe()
    variables = GObject.Value(Json.Node, Json.from_string('{"title": "x"}'))
    observer.mutate(variables, lambda o, m, data, error: seen.append(Json.to_string(data, False)))
    clock.flush()
    assert observer.props.is_success
    assert seen == ['{"title":"x"}'], seen

    # A callback that raises sends the mutation down the error path
    options.set_on_success_func(on_success)
    observer.set_options(options)
    observer.mutate(None, None)
    clock.flush()
    assert observer.props.is_error
    assert seen[1:] == [('refused by the callback', 'snapshot')], seen
    observer.unsubscribe()
    client.run_dispose()


@test
def gtk():
    gi.require_version('TqGtk', '1')
    from gi.repository import GObject, TqGtk
    TqGtk.init()

    # A mutation observer as a GAction: the parameter becomes the variables
    clock = Tq.VirtualClock.new(0)
    client = GObject.new(Tq.QueryClient, clock=clock,
                         notify_manager=Tq.NotifyManager.new(),
                         focus_manager=Tq.FocusManager.new(),
                         online_manager=Tq.OnlineManager.new(None))
    options = Tq.MutationOptions.new(GLib.Variant('(s)', ('todos',)))

    def mutation_fn(context):
        variables = context.get_variables()
        if variables.unpack() == 'bad':
            context.return_error(GLib.Error.new_literal(GLib.quark_from_string('test'), 'refused', 1))
        else:
            context.return_json(None)

    options.set_mutation_func(mutation_fn)
    observer = Tq.MutationObserver.new(client, options)
    action = TqGtk.MutationAction.new('save', GLib.VariantType.new('s'), observer)
    seen = []
    action.connect('success', lambda a, data, param: seen.append(('ok', param.unpack())))
    action.connect('error', lambda a, error, param: seen.append((error.message, param.unpack())))
    assert action.get_enabled() and action.get_name() == 'save'
    action.activate(GLib.Variant('s', 'good'))
    clock.flush()
    action.activate(GLib.Variant('s', 'bad'))
    clock.flush()
    assert seen == [('ok', 'good'), ('refused', 'bad')], seen
    action.run_dispose()
    client.run_dispose()


print('1..%d' % len(tests))
failed = 0
for n, t in enumerate(tests, 1):
    try:
        t()
        print('ok %d - %s' % (n, t.__name__))
    except Exception as e:  # noqa: BLE001
        failed += 1
        print('not ok %d - %s: %r' % (n, t.__name__, e))
sys.exit(1 if failed else 0)
