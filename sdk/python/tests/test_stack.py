"""Against a real Eventlane ingest-api: run by the e2e module's SdkEndToEndTest, which starts the stack and sets
EVENTLANE_URL, EVENTLANE_KEY and EVENTLANE_SDK_IDS_FILE (where the ids of the events that must be stored go; the Java
test checks ClickHouse holds each exactly once)."""

import os
import threading

import pytest

from loglogic import LogLogic

URL = os.environ.get("EVENTLANE_URL")
pytestmark = pytest.mark.skipif(not URL, reason="EVENTLANE_URL is not set: run through SdkEndToEndTest")


def remember(ids):
    with open(os.environ["EVENTLANE_SDK_IDS_FILE"], "a", encoding="utf-8") as out:
        out.writelines(i + "\n" for i in ids)


def test_the_loglogic_references_example_works_by_changing_only_the_base_url():
    os.environ["LOGLOGIC_BASE_URL"] = URL
    try:
        ll = LogLogic(os.environ["EVENTLANE_KEY"])
        ids = [ll.log({"action": "purchase", "user_id": "usr_12345", "funnel": "checkout",
                       "data": {"amount": 49.99, "currency": "USD"}})]
        ids += ll.log_batch([
            {"action": "app_open", "user_id": "usr_1", "funnel": "app"},
            {"action": "view_product", "user_id": "usr_2", "funnel": "product"},
        ])
        assert ll.flush(60)
        assert ll.stats()["sent"] == 3 and ll.stats()["dropped"] == 0
        remember(ids)
        ll.close()
    finally:
        del os.environ["LOGLOGIC_BASE_URL"]


def test_many_threads_and_one_invalid_event():
    drops = []
    ll = LogLogic(os.environ["EVENTLANE_KEY"], base_url=URL, on_drop=lambda e, r, d: drops.append((e, r, d)))
    ids = []
    lock = threading.Lock()

    def produce(t):
        mine = [ll.log({"action": "py_tick", "user_id": "py%d" % t, "data": {"n": n}}) for n in range(100)]
        with lock:
            ids.extend(mine)

    threads = [threading.Thread(target=produce, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    bad = ll.log({"user_id": "no action"})
    for thread in threads:
        thread.join()
    assert ll.flush(120)
    assert [(e["event_id"], reason) for e, reason, _ in drops] == [(bad, "rejected")]
    assert "missing_field" in drops[0][2] or "action" in drops[0][2]
    assert ll.stats()["sent"] == 400
    remember(ids)
    ll.close()
