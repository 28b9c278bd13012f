"""Keeps moto's DynamoDB cost per request flat as a table grows (moto 5.2; applied by
serialized_moto.py before it serves, unless started with --unpatched).

Why: moto 5.2 deep-copies every table a TransactWriteItems names, once per item of the
transaction, so it can roll back; and its index Query walks every item of the table. Measured
here: a 24-item declaration took ~50 s with ~24,000 items, a one-day listing ~3 s at 100,000.
DynamoDB's own cost follows the items touched or read, so the emulator should too.

What changes, and nothing else:
- A transaction snapshots only the items it touches (the first time moto reads or writes each
  key) and, if it fails (cancelled or refused), puts those items back. moto's own logic still decides
  everything (conditions, order, CancellationReasons); its whole-table copy becomes the table
  itself, so its "restore" is a no-op and the item undo log does the restoring.
- Query reads candidates from a lookup instead of the whole table: the base table's own
  partition, or for an index a map from the index's partition-key value to item keys, built on
  first use and kept current by every write (put, delete, update, transaction, undo). moto's
  own query code still filters, sorts, pages and counts those candidates, so results, order,
  LastEvaluatedKey and ScannedCount are what moto returns unpatched (a test compares them).

Defensive: apply() checks the moto internals it relies on and then runs a self-test on a
private backend; any mismatch raises, so the launcher refuses to start rather than serve a
silently unpatched (or wrongly patched) moto.
"""
import copy
import gc
import inspect

from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

# Key types DynamoDB allows for a partition key; other values can never match a key condition.
_KEY_TYPES = ("S", "N", "B")
# Per table: {attribute name: (value -> set of item keys, item key -> value)}.
_PARTITIONS = "_clinic_partitions"

_orig = {}
# While a transaction or an update runs: {(id(table), hash, range): (table, hash, range, snapshot)}.
_scope = None
_snapshots = False  # whether the open scope keeps snapshots (transactions only)
_stats = {"narrowed_queries": 0}


class PatchMismatch(RuntimeError):
    """moto's internals are not what this patch was written against."""


def apply():
    _check_seams()
    _orig["transact"] = DynamoDBBackend.transact_write_items
    _orig["update"] = DynamoDBBackend.update_item
    _orig["get"] = Table.get_item
    _orig["put"] = Table.put_item
    _orig["delete"] = Table.delete_item
    _orig["query"] = Table.query
    _orig["query_signature"] = inspect.signature(Table.query)
    DynamoDBBackend.transact_write_items = _transact_write_items
    DynamoDBBackend.update_item = _update_item
    Table.get_item = _get_item
    Table.put_item = _put_item
    Table.delete_item = _delete_item
    Table.query = _query
    _self_test()


def _check_seams():
    """Fails unless moto does what the wrappers below assume."""
    def source(fn):
        try:
            return inspect.getsource(fn)
        except (OSError, TypeError) as e:
            raise PatchMismatch(f"cannot read moto's source of {fn}: {e}")

    transact = source(DynamoDBBackend.transact_write_items)
    for needle in ("copy.deepcopy(", "self.tables[table_name] = original_table_state[table_name]",
                   "self.get_item(table_name, key)"):
        if needle not in transact:
            raise PatchMismatch(f"DynamoDBBackend.transact_write_items no longer contains {needle!r}")
    if "self.all_items()" not in source(Table.query):
        raise PatchMismatch("Table.query no longer takes its candidates from self.all_items()")
    if "table.get_item(hash_value, range_value)" not in source(DynamoDBBackend.update_item):
        raise PatchMismatch("DynamoDBBackend.update_item no longer reads its item through Table.get_item")
    if "self.items = defaultdict(dict)" not in source(Table.__init__):
        raise PatchMismatch("Table no longer keeps its items in self.items")
    expected = {
        Table.query: ("self", "hash_key", "index_name", "hash_key_conditions"),
        Table.get_item: ("self", "hash_key", "range_key"),
        Table.delete_item: ("self", "hash_key", "range_key"),
        Table.put_item: ("self", "item_attrs"),
        DynamoDBBackend.transact_write_items: ("self", "transact_items"),
    }
    for fn, names in expected.items():
        params = inspect.signature(fn).parameters
        if any(n not in params for n in names):
            raise PatchMismatch(f"{fn.__qualname__} has parameters {list(params)}, expected {names}")
    if not inspect.isfunction(Table.__dict__.get("all_items")):
        raise PatchMismatch("Table.all_items is no longer a plain method")


# --- item keys, lookups and the per-attribute partitions --------------------------------------

def _current(table, h, r):
    """The stored item at a key, without creating the empty partition moto's defaultdict would."""
    if table.range_key_attr is None:
        return table.items.get(h)
    part = table.items.get(h)
    return part.get(r) if part is not None and r is not None else None


def _partitions(table, attr):
    """The map from attr's value to item keys, built from the table on first use."""
    cache = table.__dict__.setdefault(_PARTITIONS, {})
    if attr not in cache:
        by_value, by_key = {}, {}
        for item in _stored_items(table):
            _add(by_value, by_key, (item.hash_key, item.range_key), item.attrs.get(attr))
        cache[attr] = (by_value, by_key)
        gc.freeze()  # long-lived: keep the map out of the cyclic collector's passes
    return cache[attr][0]


def _stored_items(table):
    for value in table.items.values():
        if table.range_key_attr is None:
            yield value
        else:
            yield from value.values()


def _add(by_value, by_key, key, value):
    if value is not None and value.type in _KEY_TYPES:
        value = DynamoType(value)  # a copy: the item's own value may be changed in place later
        by_value.setdefault(value, set()).add(key)
        by_key[key] = value


def _reindex(table, h, r):
    """Brings every built partition map up to date with the item now stored at (h, r)."""
    cache = table.__dict__.get(_PARTITIONS)
    if not cache:
        return
    item = _current(table, h, r)
    key = (h, r)
    for attr, (by_value, by_key) in cache.items():
        old = by_key.pop(key, None)
        if old is not None:
            keys = by_value[old]
            keys.discard(key)
            if not keys:
                del by_value[old]
        _add(by_value, by_key, key, item.attrs.get(attr) if item is not None else None)


# --- write hooks: note each touched key (with its prior state in a transaction), reindex ------

def _note(table, h, r):
    if _scope is None:
        return
    k = (id(table), h, r)
    if k not in _scope:
        _scope[k] = (table, h, r, copy.deepcopy(_current(table, h, r)) if _snapshots else None)


def _get_item(self, hash_key, range_key=None, *args, **kwargs):
    _note(self, hash_key, range_key)
    return _orig["get"](self, hash_key, range_key, *args, **kwargs)


def _put_item(self, item_attrs, *args, **kwargs):
    try:
        h = DynamoType(item_attrs[self.hash_key_attr])
        r = DynamoType(item_attrs[self.range_key_attr]) if self.range_key_attr is not None else None
    except Exception:  # moto's put_item rejects such an item itself, before writing
        return _orig["put"](self, item_attrs, *args, **kwargs)
    _note(self, h, r)
    try:
        return _orig["put"](self, item_attrs, *args, **kwargs)
    finally:
        _reindex(self, h, r)


def _delete_item(self, hash_key, range_key, *args, **kwargs):
    _note(self, hash_key, range_key)
    try:
        return _orig["delete"](self, hash_key, range_key, *args, **kwargs)
    finally:
        _reindex(self, hash_key, range_key)


def _update_item(self, *args, **kwargs):
    # moto changes the item in place, so reindex whatever key it read (through Table.get_item).
    global _scope
    if _scope is not None:  # inside a transaction: its scope notes and reindexes
        return _orig["update"](self, *args, **kwargs)
    _scope = {}
    try:
        return _orig["update"](self, *args, **kwargs)
    finally:
        scope, _scope = _scope, None
        for table, h, r, _ in scope.values():
            _reindex(table, h, r)


def _transact_write_items(self, transact_items):
    global _scope, _snapshots
    tables = list(self.tables.values())
    stream_marks = {id(t): len(t.stream_shard.items) for t in tables if t.stream_shard is not None}
    for t in tables:
        # moto's whole-table backup becomes the table itself (copy.deepcopy honours this hook)...
        t.__deepcopy__ = lambda memo, t=t: t
    _scope, _snapshots = {}, True
    try:
        _orig["transact"](self, transact_items)
    except BaseException:
        # ...and on any failure the touched items are put back from their snapshots.
        for table, h, r, snapshot in _scope.values():
            _restore(table, h, r, snapshot)
        for t in tables:
            if id(t) in stream_marks:
                del t.stream_shard.items[stream_marks[id(t)]:]
        raise
    finally:
        scope, _scope, _snapshots = _scope, None, False
        for t in tables:
            t.__dict__.pop("__deepcopy__", None)
        for table, h, r, _ in scope.values():
            _reindex(table, h, r)


def _restore(table, h, r, snapshot):
    if table.range_key_attr is None:
        if snapshot is None:
            table.items.pop(h, None)
        else:
            table.items[h] = snapshot
    elif snapshot is None:
        part = table.items.get(h)
        if part is not None:
            part.pop(r, None)
    else:
        table.items[h][r] = snapshot


# --- query: hand moto's own query code the partition instead of the whole table ---------------

def _query(self, *args, **kwargs):
    bound = _orig["query_signature"].bind(self, *args, **kwargs).arguments
    candidates = _candidates(self, bound.get("index_name"), bound.get("hash_key"), bound.get("hash_key_conditions"))
    if candidates is None:
        return _orig["query"](self, *args, **kwargs)
    _stats["narrowed_queries"] += 1
    self.all_items = lambda: candidates  # moto's query calls self.all_items() once
    try:
        return _orig["query"](self, *args, **kwargs)
    finally:
        del self.all_items


def _candidates(table, index_name, hash_key, hash_key_conditions):
    """A superset of the items moto's query would keep, in all_items() order; None: walk them all."""
    if index_name:
        index = next((i for i in table.all_indexes() if i.name == index_name), None)
        hash_attrs = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"] if index else []
        if not hash_attrs:
            return None  # moto reports the error
        value = next((v for name, v in (hash_key_conditions or []) if name == hash_attrs[0]), None)
        if value is None or value.type not in _KEY_TYPES:
            return None
        items = [_current(table, h, r) for h, r in _partitions(table, hash_attrs[0]).get(value, ())]
    else:
        if hash_key is None or hash_key.type not in _KEY_TYPES:
            return None
        stored = table.items.get(hash_key)
        if stored is None:
            items = []
        else:
            items = list(stored.values()) if table.range_key_attr is not None else [stored]
    # The order Table.all_items() gives (moto's sort below is stable).
    return sorted((i for i in items if i is not None),
                  key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)


# --- self-test on a private backend ----------------------------------------------------------

def _self_test():
    backend = DynamoDBBackend("us-east-1", "000000000000")
    s = lambda v: {"S": v}  # noqa: E731
    table = backend.create_table(
        "self-test", schema=[{"AttributeName": "PK", "KeyType": "HASH"}, {"AttributeName": "SK", "KeyType": "RANGE"}],
        attr=[{"AttributeName": a, "AttributeType": "S"} for a in ("PK", "SK", "G", "GS")],
        throughput=None, billing_mode="PAY_PER_REQUEST", indexes=[], streams=None, sse_specification=None,
        tags=None, deletion_protection_enabled=False, warm_throughput=None,
        global_indexes=[{"IndexName": "ByG", "KeySchema": [{"AttributeName": "G", "KeyType": "HASH"},
                                                         {"AttributeName": "GS", "KeyType": "RANGE"}],
                         "Projection": {"ProjectionType": "ALL"}}])
    for sk, g in (("a", "x"), ("b", "x"), ("c", "y"), ("d", None)):
        backend.put_item("self-test", {"PK": s("p"), "SK": s(sk), **({"G": s(g), "GS": s("1")} if g else {})})

    def index(g):
        narrowed = _stats["narrowed_queries"]
        found = backend.query("self-test", s(g), None, [], None, None, True, None, index_name="ByG",
                              hash_key_conditions=[("G", s(g))])[0]
        if _stats["narrowed_queries"] != narrowed + 1:
            raise PatchMismatch("an index query did not go through the partition lookup")
        walked = _orig["query"](table, DynamoType(s(g)), None, [], None, None, True, None, index_name="ByG",
                                hash_key_conditions=[("G", DynamoType(s(g)))])[0]
        if [i.to_json() for i in found] != [i.to_json() for i in walked]:
            raise PatchMismatch(f"index query for {g}: {found} instead of {walked}")
        return [i.range_key.value for i in found]

    def expect(what, got, want):
        if got != want:
            raise PatchMismatch(f"self-test, {what}: got {got}, expected {want}")

    expect("index partition x", index("x"), ["a", "b"])
    move_b = {"Update": {"TableName": "self-test", "Key": {"PK": s("p"), "SK": s("b")},
                         "UpdateExpression": "SET G = :y", "ExpressionAttributeValues": {":y": s("y")}}}
    put_e = {"Put": {"TableName": "self-test", "Item": {"PK": s("p"), "SK": s("e"), "G": s("x"), "GS": s("1")}}}
    failing = {"ConditionCheck": {"TableName": "self-test", "Key": {"PK": s("p"), "SK": s("d")},
                                  "ConditionExpression": "attribute_exists(G)"}}
    try:
        backend.transact_write_items([move_b, put_e, failing])
        raise PatchMismatch("self-test: a transaction with a false condition was not cancelled")
    except PatchMismatch:
        raise
    except Exception as cancelled:
        expect("cancellation", type(cancelled).__name__, "TransactionCanceledException")
    expect("table object after a cancelled transaction (no whole-table copy)", backend.tables["self-test"] is table, True)
    expect("partition x after a cancelled transaction", index("x"), ["a", "b"])
    expect("item e after a cancelled transaction", _current(table, DynamoType(s("p")), DynamoType(s("e"))), None)
    backend.transact_write_items([move_b, put_e])
    expect("partition x after a transaction", index("x"), ["a", "e"])
    expect("partition y after a transaction", index("y"), ["b", "c"])
    backend.update_item("self-test", {"PK": s("p"), "SK": s("a")}, "REMOVE G", {}, {})
    expect("partition x after an update", index("x"), ["e"])
    backend.delete_item("self-test", {"PK": s("p"), "SK": s("c")})
    expect("partition y after a delete", index("y"), ["b"])


# --- test-only bulk load ---------------------------------------------------------------------

# DynamoDB's attribute types, as PutItem's JSON names them.
_ATTRIBUTE_TYPES = ("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS")
# moto's own item size limit (LimitedSizeDict: between DynamoDB's 400 KB and the 410 KB it accepts).
_ITEM_SIZE_LIMIT = 405000


def bulk_put(table_name, items):
    """For tests and the benchmark, which need 100,000s of items (served by the launcher at
    BULK_PUT_PATH): stores each item as an unconditional PutItem would, any attribute types
    (PutItem's JSON: S, N, B, BOOL, NULL, M, L, SS, NS, BS), in one call. The item is built by
    moto's own Item and DynamoType and checked by moto's own key-type, value and key-size checks,
    so it reads back, and is found by index Queries, exactly as if PutItem had stored it; index
    maps already built are kept current. Skipped: moto's per-attribute size check (quadratic in
    the attributes; the size is checked once per item instead) and stream records (loaded data is
    not an event). ~10× faster than BatchWriteItem, which parses and answers a request per 25
    items. Returns the table's item count. A refused item raises ValueError naming it; the items
    before it stay stored."""
    from moto.dynamodb.models import dynamodb_backends

    tables = [b.tables[table_name] for account in dynamodb_backends.values() for b in account.values()
              if table_name in b.tables]
    if len(tables) != 1:
        raise KeyError(f"{len(tables)} tables named {table_name!r}")
    table = tables[0]
    # Cyclic GC passes over a growing heap would make the load quadratic-ish; the loaded items are
    # then frozen out of later passes, as they stay for the emulator's life (a test's data).
    gc.disable()
    try:
        _store(table, items)
    finally:
        gc.enable()
        gc.freeze()
    return len(table)


def _store(table, items):
    from moto.core.exceptions import JsonRESTError
    from moto.dynamodb.models.dynamo_type import Item

    for n, attrs in enumerate(items):
        try:
            _check_shape(attrs)
            h, r = _key(table, attrs, table.hash_key_attr, table.hash_key_type), None
            if table.range_key_attr is not None:
                r = _key(table, attrs, table.range_key_attr, table.range_key_type)
            table._validate_item_types(attrs)
            table._validate_key_sizes(attrs)
            item = Item(h, r, {})
            values = {name: DynamoType(value) for name, value in attrs.items()}
            if sum(len(name.encode()) + v.size() for name, v in values.items()) > _ITEM_SIZE_LIMIT:
                raise ValueError("item too large")
        except JsonRESTError as e:  # moto's own refusal, as PutItem would answer it
            raise ValueError(f"item {n}: {type(e).__name__}: {e.description}") from e
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise ValueError(f"item {n}: {type(e).__name__}: {e}") from e
        # dict.update: moto's Item.attrs (LimitedSizeDict) re-sums the item's size on every __setitem__.
        item.attrs.update(values)
        if r is None:
            table.items[h] = item
        else:
            table.items[h][r] = item
        _reindex(table, h, r)  # index maps already built stay current, as after a PutItem


def _check_shape(attrs):
    """Each value is {type: value} with one of DynamoDB's types, maps and lists all the way down
    (moto's DynamoType would take a malformed value silently and answer wrongly later)."""
    if not isinstance(attrs, dict):
        raise TypeError(f"an item is a JSON object, not {type(attrs).__name__}")
    for value in attrs.values():
        _check_value(value, 1)


def _check_value(value, depth):
    if depth > 32:
        raise ValueError("nested deeper than DynamoDB allows")
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"{value!r} is not an attribute value like {{\"S\": \"...\"}}")
    (kind, inner), = value.items()
    if kind not in _ATTRIBUTE_TYPES:
        raise ValueError(f"unknown attribute type {kind!r}")
    expected = {"S": str, "N": str, "B": str, "BOOL": bool, "NULL": bool, "M": dict, "L": list,
                "SS": list, "NS": list, "BS": list}[kind]
    if not isinstance(inner, expected):
        raise TypeError(f"{kind} holds {type(inner).__name__}, not {expected.__name__}")
    if kind == "M":
        for v in inner.values():
            _check_value(v, depth + 1)
    elif kind == "L":
        for v in inner:
            _check_value(v, depth + 1)
    elif kind in ("SS", "NS", "BS") and (not inner or not all(isinstance(v, str) for v in inner)):
        raise ValueError(f"{kind} must be a non-empty list of strings")


def _key(table, attrs, name, key_type):
    if name not in attrs:
        raise KeyError(f"missing the key {name}")
    value = DynamoType(attrs[name])
    if value.type != key_type:
        raise ValueError(f"key {name} is {value.type}, the table's is {key_type}")
    return value
