"""Starts moto's AWS emulator with every request serialized under one lock.

Why not the bare `moto_server`: moto is not safe under concurrent requests (its FAQ says so).
Measured on these machines: 50 threads racing a correct conditional TransactWriteItems on one
item let two writers win in 4 of 60 rounds; serialized, 0 of 60. DynamoDB itself serializes
writes per item, so one lock is the faithful model, and a race test against it is a real test.

It also patches moto's DynamoDB so a request costs what it touches, not what the table holds
(dynamodb_at_scale.py says why and how), and takes out two costs of moto's own bookkeeping: writing
an answer's item values and building a JSONPath parser per bus event (answer_cost.py). --unpatched
serves moto as shipped: only for the test that compares the two.

Usage: serialized_moto.py [host] [port] [--unpatched]   (port 0 picks a free one)
Prints "MOTO_PORT <port>" once listening, or "MOTO_FAILED <reason>" and exits 1 if the patch
does not fit the installed moto. Exits when its standard input closes, so an emulator never
outlives the JVM that started it.
"""
import json
import os
import sys
import threading
import time

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

import answer_cost
import dynamodb_at_scale


# Test-only: loads many items into a table in one request (dynamodb_at_scale.bulk_put says how).
# Body: {"TableName": "...", "Items": [{attribute: {type: value}}, ...]}, values in PutItem's JSON of any
# type (S, N, B, BOOL, NULL, M, L, SS, NS, BS); answers {"ItemCount": n}, or 400 naming the refused item.
BULK_PUT_PATH = "/_test_only/dynamodb/bulk_put"

# On every answer: the microseconds the emulator spent serving the request (clinic.infra.bench.probe.EmulatorTime).
EMULATOR_TIME_HEADER = "X-Emulator-Micros"


def bulk_put(environ, start_response):
    try:
        body = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        answer, status = {"ItemCount": dynamodb_at_scale.bulk_put(body["TableName"], body["Items"])}, "200 OK"
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as e:
        answer, status = {"message": f"{type(e).__name__}: {e}"}, "400 Bad Request"
    payload = json.dumps(answer).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def main():
    args = [a for a in sys.argv[1:] if a != "--unpatched"]
    host = args[0] if len(args) > 0 else "127.0.0.1"
    port = int(args[1]) if len(args) > 1 else 0
    if "--unpatched" not in sys.argv:
        try:
            dynamodb_at_scale.apply()
            answer_cost.apply()
        except Exception as e:
            # On standard output: the JVM reads it as the first line and puts it in its error.
            print(f"MOTO_FAILED a patch (dynamodb_at_scale.py, answer_cost.py) does not fit moto: {type(e).__name__}: {e}", flush=True)
            sys.exit(1)
    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            if environ.get("PATH_INFO") == BULK_PUT_PATH:
                return bulk_put(environ, start_response)
            started = time.perf_counter()
            answered = []
            # Consume the whole response under the lock: the iterable may still do work.
            body = list(app(environ, lambda status, headers, exc_info=None: answered.append((status, headers, exc_info))))
            status, headers, exc_info = answered[-1]
            # What serving this request cost the emulator, for the bench to set apart from the caller's own time.
            micros = int((time.perf_counter() - started) * 1e6)
            start_response(status, list(headers) + [(EMULATOR_TIME_HEADER, str(micros))], exc_info)
            return body

    server = make_server(host, port, serialized, threaded=True)
    print(f"MOTO_PORT {server.server_port}", flush=True)

    def exit_when_parent_goes():
        while sys.stdin.buffer.read(4096):
            pass
        os._exit(0)

    if os.environ.get("MOTO_WATCH_STDIN", "1") == "1":
        threading.Thread(target=exit_when_parent_goes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
