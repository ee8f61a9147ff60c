"""The client: a bounded queue, one sender thread, batches, retries with backoff and idempotent event ids."""

import atexit
import collections
import datetime
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
import uuid
import weakref

DEFAULT_BASE_URL = "https://api.loglogic.io"
USER_AGENT = "loglogic-sdk-python/0.1 (eventlane)"
MAX_BATCH = 100  # what /ingest/batch takes

QUEUE_FULL = "queue_full"
REJECTED = "rejected"
RETRIES_EXHAUSTED = "retries_exhausted"
CLOSED = "closed"


def _retryable(status):
    """408, 429, 5xx and no answer at all (0) may succeed later; any other 4xx would fail again."""
    return status == 0 or status == 408 or status == 429 or status >= 500


def backoff_delay(attempt, retry_after, base, maximum):
    """Seconds to wait before retry number ``attempt`` (from 0): ``Retry-After`` as a floor with a little jitter,
    else exponential from ``base`` up to ``maximum`` with jitter in the upper half of the step."""
    if retry_after is not None and retry_after >= 0:
        return retry_after + random.uniform(0, min(1.0, retry_after / 4))
    step = min(maximum, base * (2 ** min(attempt, 20)))
    return step / 2 + random.uniform(0, step / 2)


def _new_id():
    return "evt_" + uuid.uuid4().hex


class LogLogic:
    """Sends LogLogic events (``action``, ``user_id``, ``funnel``, ``session_id``, ``platform``, ``timestamp``,
    ``data``) in batches from a background thread. Thread-safe; one client per process is enough."""

    def __init__(self, api_key, base_url=None, batch_size=50, flush_interval=5.0, max_queue=10000,
                 max_retry_time=600.0, backoff_base=0.25, backoff_max=30.0, timeout=15.0, on_drop=None):
        if not api_key:
            raise ValueError("an API key is required")
        if batch_size < 1 or max_queue < 1:
            raise ValueError("batch_size and max_queue must be at least 1")
        self.api_key = api_key
        self.base_url = (base_url or os.environ.get("LOGLOGIC_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.batch_size = min(batch_size, MAX_BATCH)
        self.flush_interval = flush_interval
        self.max_queue = max_queue
        self.max_retry_time = max_retry_time
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.timeout = timeout
        self.on_drop = on_drop
        self._queue = collections.deque()
        self._lock = threading.Condition()
        self._logged = 0
        self._processed = 0
        self._flush_wanted = 0
        self._closing = False
        self._closed = False
        self._abort = threading.Event()
        self._stats = {"logged": 0, "sent": 0, "dropped": 0, "requests": 0, "retries": 0}
        self._thread = threading.Thread(target=self._run, name="loglogic-sender", daemon=True)
        self._thread.start()
        atexit.register(_close_at_exit, weakref.ref(self))

    # --- the caller's side ----------------------------------------------------------------------------------------

    def log(self, event):
        """Queues one event and returns its ``event_id`` (the caller's own when given). Never waits for the network."""
        if not isinstance(event, dict):
            raise TypeError("an event is a dict")
        item = dict(event)
        if not isinstance(item.get("event_id"), str) or not item["event_id"]:
            item["event_id"] = _new_id()
        if "timestamp" not in item:
            item["timestamp"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds")
        line = json.dumps(item, separators=(",", ":"), ensure_ascii=False, default=str)
        with self._lock:
            if self._closed:
                reason = CLOSED
            elif len(self._queue) >= self.max_queue:
                reason = QUEUE_FULL
            else:
                self._queue.append((item["event_id"], line))
                self._logged += 1
                self._stats["logged"] += 1
                if len(self._queue) >= self.batch_size:
                    self._lock.notify_all()
                return item["event_id"]
        self._drop([(item["event_id"], line)], reason, reason.replace("_", " "))
        return item["event_id"]

    def log_batch(self, events):
        """Queues many events; returns their ids. They are sent in batches with whatever else is queued."""
        return [self.log(event) for event in events]

    def flush(self, timeout=None):
        """Sends what is queued now; True once every event logged before the call is stored or given up."""
        with self._lock:
            target = self._logged
            self._flush_wanted = max(self._flush_wanted, target)
            self._lock.notify_all()
            deadline = None if timeout is None else time.monotonic() + timeout
            while self._processed < target and self._thread.is_alive():
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return False
                self._lock.wait(left if left is not None else 1.0)
            return self._processed >= target

    def close(self, timeout=10.0):
        """Flushes (waiting at most ``timeout`` seconds) and stops the sender; what is left is dropped as closed."""
        if self._closed:
            return
        self.flush(timeout)
        with self._lock:
            self._closed = True
            self._closing = True
            self._lock.notify_all()
        self._abort.set()
        self._thread.join(self.timeout + 1)
        with self._lock:
            left = list(self._queue)
            self._queue.clear()
        if left:
            self._drop(left, CLOSED, "client closed")

    def stats(self):
        """Counters since the client was made: logged, sent (stored), dropped, requests, retries, and queued now."""
        with self._lock:
            stats = dict(self._stats)
            stats["queued"] = len(self._queue)
            return stats

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the sender thread ----------------------------------------------------------------------------------------

    def _run(self):
        last_send = time.monotonic()
        while True:
            with self._lock:
                while True:
                    now = time.monotonic()
                    wanted = self._flush_wanted > self._processed or self._closing
                    if len(self._queue) >= self.batch_size or (self._queue and (wanted or now - last_send >= self.flush_interval)):
                        break
                    if self._closing and not self._queue:
                        return
                    if not self._queue:
                        last_send = now
                    self._lock.wait(max(0.01, self.flush_interval - (now - last_send)))
                batch = [self._queue[i] for i in range(min(self.batch_size, len(self._queue)))]
            if not self._send(batch):
                return  # aborted: the batch stays queued and close() reports it
            with self._lock:
                for _ in batch:
                    self._queue.popleft()
                self._processed += len(batch)
                self._lock.notify_all()
            last_send = time.monotonic()

    def _send(self, batch):
        """Posts one batch until stored, refused for good or out of retry time; False when the client aborted."""
        body = ('{"events":[' + ",".join(line for _, line in batch) + "]}").encode("utf-8")
        started = time.monotonic()
        attempt = 0
        while True:
            status, answer, retry_after = self._post("/ingest/batch", body)
            if 200 <= status < 300:
                with self._lock:
                    self._stats["sent"] += len(batch)
                return True
            if status in (400, 413) and len(batch) > 1:
                half = len(batch) // 2
                return self._send(batch[:half]) and self._send(batch[half:])
            if not _retryable(status):
                self._drop(batch, REJECTED, "%d %s" % (status, answer))
                return True
            wait = backoff_delay(attempt, retry_after, self.backoff_base, self.backoff_max)
            if time.monotonic() - started + wait > self.max_retry_time:
                self._drop(batch, RETRIES_EXHAUSTED, "%s %s" % (status or "", answer))
                return True
            with self._lock:
                self._stats["retries"] += 1
            attempt += 1
            if self._abort.wait(wait):
                return False

    def _post(self, path, body):
        request = urllib.request.Request(self.base_url + path, data=body, method="POST", headers={
            "Authorization": "Bearer " + self.api_key,
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
        })
        with self._lock:
            self._stats["requests"] += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace"), None
        except urllib.error.HTTPError as error:
            retry_after = error.headers.get("Retry-After") if error.headers else None
            try:
                retry_after = float(retry_after) if retry_after is not None else None
            except ValueError:
                retry_after = None
            return error.code, error.read().decode("utf-8", "replace"), retry_after
        except (urllib.error.URLError, OSError) as error:
            return 0, str(error), None

    def _drop(self, items, reason, detail):
        with self._lock:
            self._stats["dropped"] += len(items)
        if self.on_drop is None:
            return
        for event_id, line in items:
            try:
                self.on_drop(json.loads(line), reason, detail)
            except Exception:  # a callback's fault must not stop the sender
                pass


def _close_at_exit(ref):
    client = ref()
    if client is not None:
        client.close()
