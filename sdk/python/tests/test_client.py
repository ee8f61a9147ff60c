import threading
import time

from loglogic import LogLogic
from loglogic.client import backoff_delay


def client(server, **options):
    drops = []
    options.setdefault("backoff_base", 0.02)
    options.setdefault("backoff_max", 0.2)
    ll = LogLogic("ll_test", base_url=server.url + "/", on_drop=lambda e, r, d: drops.append((e, r, d)), **options)
    return ll, drops


def test_full_batches_go_at_once_and_the_rest_when_the_interval_ends(fake):
    server = fake()
    ll, drops = client(server, batch_size=5, flush_interval=0.7)
    start = time.monotonic()
    ids = ll.log_batch([{"action": "tick", "user_id": "u%d" % i} for i in range(12)])
    deadline = time.monotonic() + 20
    while len(server.requests) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [len(r["body"]["events"]) for r in server.requests] == [5, 5, 2]
    assert server.ids() == ids
    assert all(r["path"] == "/ingest/batch" and r["auth"] == "Bearer ll_test" for r in server.requests)
    assert server.requests[2]["at"] - start >= 0.7
    assert ll.stats() == {"logged": 12, "sent": 12, "dropped": 0, "requests": 3, "retries": 0, "queued": 0}
    ll.close()


def test_the_callers_event_id_is_kept_and_a_timestamp_added(fake):
    server = fake()
    ll, _ = client(server)
    assert ll.log({"action": "buy", "user_id": "u1", "event_id": "order-17"}) == "order-17"
    assert ll.flush(20)
    event = server.requests[0]["body"]["events"][0]
    assert event["event_id"] == "order-17"
    assert event["timestamp"].startswith("20") and event["timestamp"].endswith("+00:00")
    ll.close()


def test_429_waits_its_retry_after_then_503_and_a_dropped_connection_are_retried_with_the_same_ids(fake):
    answers = {0: (429, {"Retry-After": "1"}, '{"ok":false,"error":"rate_limited"}'),
               1: (503, {}, '{"ok":false,"error":"unavailable"}'), 2: None}
    server = fake(lambda n, body: answers[n] if n in answers else (200, {}, '{"ok":true}'))
    ll, drops = client(server)
    ll.log_batch([{"action": "a", "user_id": "u%d" % i} for i in range(3)])
    assert ll.flush(20)
    assert len(server.requests) == 4
    first = [e["event_id"] for e in server.requests[0]["body"]["events"]]
    assert all([e["event_id"] for e in r["body"]["events"]] == first for r in server.requests)
    assert server.requests[1]["at"] - server.requests[0]["at"] >= 1.0
    assert drops == []
    assert ll.stats()["retries"] == 3 and ll.stats()["sent"] == 3
    ll.close()


def test_a_refused_key_is_never_retried_and_every_event_is_reported(fake):
    server = fake(lambda n, body: (401, {}, '{"ok":false,"error":"invalid_key"}'))
    ll, drops = client(server)
    ids = ll.log_batch([{"action": "a", "user_id": "u1"}, {"action": "a", "user_id": "u2"}])
    assert ll.flush(20)
    assert len(server.requests) == 1
    assert [e["event_id"] for e, _, _ in drops] == ids
    assert all(reason == "rejected" and detail.startswith("401 ") for _, reason, detail in drops)
    ll.close()


def test_one_invalid_event_does_not_take_the_batch_with_it(fake):
    server = fake(lambda n, body: (400, {}, '{"ok":false,"error":"missing_field"}')
                  if any("action" not in e for e in body["events"]) else (200, {}, '{"ok":true}'))
    ll, drops = client(server)
    events = [{"action": "a", "user_id": "u%d" % i} for i in range(8)]
    events[5] = {"user_id": "no action"}
    ids = ll.log_batch(events)
    assert ll.flush(20)
    stored = {e["event_id"] for r in server.requests if all("action" in e for e in r["body"]["events"])
              for e in r["body"]["events"]}
    assert stored == set(ids) - {ids[5]}
    assert [(e["event_id"], reason) for e, reason, _ in drops] == [(ids[5], "rejected")]
    ll.close()


def test_a_full_queue_drops_the_newest_event_without_holding_up_the_caller(fake):
    release = threading.Event()
    server = fake(lambda n, body: (release.wait(30), (200, {}, '{"ok":true}'))[1])
    ll, drops = client(server, max_queue=5, batch_size=2)
    start = time.monotonic()
    for i in range(10):
        ll.log({"action": "a", "user_id": "u%d" % i})
    assert time.monotonic() - start < 2
    assert [reason for _, reason, _ in drops] == ["queue_full"] * 5
    release.set()
    assert ll.flush(20)
    assert ll.stats()["sent"] == 5
    ll.close()


def test_backoff_doubles_with_jitter_and_honours_retry_after():
    for _ in range(50):
        assert 0.05 <= backoff_delay(0, None, 0.1, 5) <= 0.1
        assert 0.4 <= backoff_delay(3, None, 0.1, 5) <= 0.8
        assert 2.5 <= backoff_delay(40, None, 0.1, 5) <= 5
        assert 2 <= backoff_delay(0, 2, 0.1, 5) <= 2.5
