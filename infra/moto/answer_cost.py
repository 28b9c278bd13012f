"""Takes two costs out of moto 5.2 that are moto's own bookkeeping, not the work a request asks for
(applied by serialized_moto.py with dynamodb_at_scale.py, unless started with --unpatched).

Why: profiled over the suite's timer and time-off tests (cProfile around every request), moto
spent about 40 % of its time writing DynamoDB answers and another 40 % delivering bus events;
the work itself (conditions, writes, queries) was under 15 %. The suite waits on moto, so those
costs were most of its running time.

What changes, and nothing else:
- Writing an answer: moto 5.2 writes every answer by walking the operation's output shape member
  by member, and an AttributeValue is a structure of ten members, each looked up through
  moto's alias-aware value picker: about 0.5 ms an item. Here an AttributeValue given as a dict
  (what every DynamoDB and DynamoDB Streams answer holds) is written by the same rules directly:
  the members in the shape's order, None left out, binary as base64, maps and lists of values
  the same way. Everything around it (other structures, errors, headers) is moto's own code.
- Delivering an event: for each target of each matching rule, moto's EventBridge parses eight
  JSONPath expressions (the input transformer's defaults), and jsonpath_ng builds a new LALR
  parser, tables and all, for each parse: about 25 ms a path. Here a path's parse is kept, per
  path text, so it is built once; a parsed path is not changed by a search (find), so the same
  object serves every event.

Defensive, as dynamodb_at_scale.py: apply() checks the seams it relies on, then writes sample
answers both ways and compares them; any difference raises, and the launcher refuses to start.
PatchedMotoEquivalenceTest compares this launcher's answers with moto as shipped as well.
"""
import base64
import functools
import json

import jsonpath_ng.ext
from moto.core import serialize as moto_serialize

_orig = {}
_stats = {"written_directly": 0}
_BINARY = ("B",)
_BINARY_SETS = ("BS",)


class PatchMismatch(RuntimeError):
    """moto's internals are not what this patch was written against."""


# The services whose AttributeValue is DynamoDB's; other botocore models have shapes of that name too.
_SERVICES = ("dynamodb", "dynamodbstreams")


def apply():
    if _orig:
        return  # applied already: a second time would make the fallback call itself
    serializer = moto_serialize.BaseJSONSerializer
    if not hasattr(serializer, "_serialize_type_structure") or not hasattr(serializer, "_base64"):
        raise PatchMismatch("moto's JSON serializer no longer has _serialize_type_structure and _base64")
    if not callable(getattr(jsonpath_ng.ext, "parse", None)):
        raise PatchMismatch("jsonpath_ng.ext.parse is gone")
    _orig["structure"] = serializer._serialize_type_structure
    _orig["parse"] = jsonpath_ng.ext.parse
    _self_test()
    serializer._serialize_type_structure = _serialize_type_structure
    jsonpath_ng.ext.parse = functools.lru_cache(maxsize=1024)(_orig["parse"])


def _serialize_type_structure(self, serialized, value, shape, key):
    if (shape.name == "AttributeValue" and type(value) is dict and not shape.is_document_type
            and self.service_model.service_name in _SERVICES):
        _stats["written_directly"] += 1
        if key:
            serialized[self.get_serialized_name(shape, key)] = _attribute_value(self, value, shape)
        else:
            serialized.update(_attribute_value(self, value, shape))
        return
    _orig["structure"](self, serialized, value, shape, key)


def _attribute_value(self, value, shape):
    """An AttributeValue as moto's structure, map and list writers would write it."""
    out = {}
    for name, member in shape.members.items():
        v = value.get(name)
        if v is None:
            continue
        if name in _BINARY:
            out[name] = self._base64(v)
        elif name in _BINARY_SETS:
            out[name] = [self._base64(b) for b in v]
        elif name == "M":
            out[name] = {k: _attribute_value(self, item, shape) for k, item in v.items() if item is not None}
        elif name == "L":
            out[name] = [item if item is None else _attribute_value(self, item, shape) for item in v]
        elif member.type_name == "list":
            out[name] = list(v)
        else:
            out[name] = v
    return out


# --- self-test: sample answers written both ways ------------------------------------------------

def _self_test():
    from moto.core.responses import get_service_model

    model = get_service_model("dynamodb")
    nested = {"M": {"s": {"S": "x"}, "n": {"N": "1.5"}, "b": {"B": b"\x00\xff"}, "l": {"L": [{"S": "a"}, {"NULL": True}, {"BOOL": False}]},
                    "ss": {"SS": ["a", "b"]}, "ns": {"NS": ["1", "2"]}, "bs": {"BS": [b"a", b"b"]}, "e": {"M": {}}}}
    item = {"PK": {"S": "p"}, "SK": {"S": "s"}, "n": {"N": "7"}, "b": {"B": b"bin"}, "t": {"BOOL": True}, "z": {"NULL": True},
            "m": nested, "l": {"L": [nested, {"L": []}]}, "ss": {"SS": ["x"]}, "bs": {"BS": [b"\x01"]}, "empty": {"S": ""}}
    samples = {
        "GetItem": {"Item": item},
        "Query": {"Items": [item, {"PK": {"S": "q"}}], "Count": 2, "ScannedCount": 2, "LastEvaluatedKey": {"PK": {"S": "q"}}},
        "Scan": {"Items": [], "Count": 0, "ScannedCount": 0},
        "BatchGetItem": {"Responses": {"t": [item]}, "UnprocessedKeys": {"t": {"Keys": [{"PK": {"S": "k"}}]}}},
        "UpdateItem": {"Attributes": item},
        "TransactGetItems": {"Responses": [{"Item": item}, {}]},
    }
    before = _stats["written_directly"]
    streams = get_service_model("dynamodbstreams")
    record = {"eventName": "MODIFY", "dynamodb": {"Keys": {"PK": {"S": "p"}}, "NewImage": item, "OldImage": item}}
    for operation, result in [*samples.items(), (("streams", "GetRecords"), {"Records": [record], "NextShardIterator": "i"})]:
        operation_model = (streams.operation_model(operation[1]) if isinstance(operation, tuple)
                           else model.operation_model(operation))
        expected = _written(operation_model, result, patched=False)
        got = _written(operation_model, result, patched=True)
        if got != expected:
            raise PatchMismatch(f"self-test, {operation}: wrote {got} instead of {expected}")
    if _stats["written_directly"] == before:
        raise PatchMismatch("self-test: no AttributeValue was written directly")


def _written(operation_model, result, patched):
    # As moto's ActionResult makes it for every answer.
    serializer = moto_serialize.JSONSerializer(operation_model=operation_model, value_picker=moto_serialize.XFormedAttributePicker())
    if patched:
        serializer._serialize_type_structure = functools.partial(_serialize_type_structure, serializer)
    return json.loads(serializer.serialize(result)["body"])
