"""Open-loop load generator for the chaos suite (standard library only).

Set-up (not timed): registers users, creates videos (JSON form of POST /api/videos, external URL,
so they are `ready` at once) and a few follows. Load: likes, unlikes, views, shares, comments (some
with @mentions, some replies), comment deletions, follows and unfollows, sent at a fixed rate on a
fixed timeline (request i is due at start + i / rate, whatever the answers of earlier requests:
open loop) by a pool of worker threads.

Operations on one key, (user, video) or (follower, followee), are serialized: at most one is in
flight, later ones wait for it in order. The dispatcher prefers idle keys, so waiting is rare. This
makes the intended final state of every key well defined.

Every request, set-up ones included, becomes one JSON line of the ledger:
  {"kind": "user", "id", "username"}                       a registered user
  {"kind": "video", "id", "owner"}                         a created video
  {"kind": "req", "id", "phase": "setup"|"load", "op", "key", "seq", "user", "video"?, "target"?,
   "comment"?, "parent"?, "tag"?, "mentions"?, "t_sched", "t_sent", "t_done",
   "status": <HTTP status> | "no_response", "error"?, "resp": {fields of the answer}}
`status` "no_response" (timeout, connection error) means the outcome is unknown. `tag` ("r<id>")
is written into the comment content or the share's platform so the checker can find the row a
request made. Times are seconds (wall clock, time.time()).

Usage: loadgen.py --ledger FILE [--users N --videos M --events N --rate R --workers W --seed S]
(the gateway is $TT_GATEWAY_URL). run.py uses it as a module: setup() then run_load().
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import os
import queue
import random
import sys
import threading
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

GATEWAY_URL = os.environ.get("TT_GATEWAY_URL", "http://127.0.0.1:3000").rstrip("/")
PASSWORD = "Passw0rd!"
TIMEOUT = 30.0  # well above the gateway's own deadline (GRPC_DEADLINE_MS, 5 s)

# Relative frequency of each load operation.
MIX = {
    "like": 24,
    "unlike": 12,
    "view": 18,
    "share": 8,
    "comment": 18,
    "comment_delete": 8,
    "follow": 7,
    "unfollow": 5,
}
REPLY_SHARE = 0.35  # of comments: replies to a live comment of the video
MENTION_SHARE = 0.4  # of comments: with @mentions
OWNER_DELETE_SHARE = 0.2  # of comment deletions: by the video's owner instead of the author
SHARE_TYPES = ("direct", "social", "copy_link", "download")


# ------------------------------------------------------------------------------------------------
# HTTP
# ------------------------------------------------------------------------------------------------


def call(method: str, path: str, body=None, token: str | None = None, timeout: float = TIMEOUT):
    """One request on a fresh connection (no keep-alive: a failure is never a stale connection).

    Returns (status, parsed JSON or None, error text or None); status is "no_response" when no
    answer arrived (timeout, refused, reset), so the outcome of a write is unknown.
    """
    url = urllib.parse.urlsplit(GATEWAY_URL)
    headers = {"Accept": "application/json", "Connection": "close"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=timeout)
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        status, payload = resp.status, resp.read()
    except (OSError, http.client.HTTPException) as exc:
        return "no_response", None, f"{type(exc).__name__}: {exc}"
    finally:
        conn.close()
    try:
        parsed = json.loads(payload) if payload else None
    except ValueError:
        parsed = None
    error = None
    if not 200 <= status < 300:
        error = parsed.get("message") if isinstance(parsed, dict) else payload[:200].decode(errors="replace")
    return status, parsed, error


def data_of(parsed):
    return parsed.get("data") if isinstance(parsed, dict) and isinstance(parsed.get("data"), dict) else {}


# ------------------------------------------------------------------------------------------------
# Ledger and the generator's knowledge
# ------------------------------------------------------------------------------------------------


class Ledger:
    """Thread-safe JSON-lines writer (the file is truncated first)."""

    def __init__(self, path: str):
        self._fh = open(path, "w", encoding="utf-8")
        self._lock = threading.Lock()

    def write(self, record: dict) -> None:
        line = json.dumps(record, separators=(",", ":")) + "\n"
        with self._lock:
            self._fh.write(line)

    def close(self) -> None:
        with self._lock:
            self._fh.close()


class RandomSet:
    """A set with O(1) add, remove and uniform random choice."""

    def __init__(self):
        self.items, self.index = [], {}

    def add(self, item) -> None:
        if item not in self.index:
            self.index[item] = len(self.items)
            self.items.append(item)

    def discard(self, item) -> None:
        i = self.index.pop(item, None)
        if i is None:
            return
        last = self.items.pop()
        if i < len(self.items):
            self.items[i] = last
            self.index[last] = i

    def choice(self, rng: random.Random):
        return rng.choice(self.items) if self.items else None


class World:
    """Users, videos and the live comments the generator knows of (acknowledged, not known deleted)."""

    def __init__(self, users: list, videos: list, rng: random.Random):
        self.users = users  # [{"id", "username", "token"}]
        self.videos = videos  # [{"id", "owner"}]
        self.rng = rng
        self.lock = threading.Lock()
        self.next_id = 0
        self.comments = {}  # comment id -> {"video", "author", "top"}
        self.live = RandomSet()
        self.live_of_video = collections.defaultdict(RandomSet)
        self.replies = collections.defaultdict(set)  # top-level id -> reply ids

    def new_id(self) -> int:
        with self.lock:
            self.next_id += 1
            return self.next_id

    def comment_created(self, comment_id: str, video: str, author: str, top: str | None) -> None:
        with self.lock:
            self.comments[comment_id] = {"video": video, "author": author, "top": top or comment_id}
            self.live.add(comment_id)
            self.live_of_video[video].add(comment_id)
            if top:
                self.replies[top].add(comment_id)

    def comment_deleted(self, comment_id: str) -> None:
        """Forgets the comment and, for a top-level one, its replies (they go with it)."""
        with self.lock:
            for cid in [comment_id, *self.replies.pop(comment_id, ())]:
                info = self.comments.pop(cid, None)
                if info:
                    self.live.discard(cid)
                    self.live_of_video[info["video"]].discard(cid)

    def take_comment(self):
        """(id, info) of a random live comment, no longer offered (it is about to be deleted), or None."""
        with self.lock:
            cid = self.live.choice(self.rng)
            if cid is None:
                return None
            self.live.discard(cid)
            self.live_of_video[self.comments[cid]["video"]].discard(cid)
            return cid, dict(self.comments[cid])

    def put_back(self, comment_id: str) -> None:
        """Offers a taken comment again (its deletion failed)."""
        with self.lock:
            info = self.comments.get(comment_id)
            if info:
                self.live.add(comment_id)
                self.live_of_video[info["video"]].add(comment_id)

    def random_comment(self, video: str | None = None):
        """(id, info) of a random live comment (of the video), or None."""
        with self.lock:
            cid = (self.live if video is None else self.live_of_video[video]).choice(self.rng)
            return (cid, dict(self.comments[cid])) if cid else None


def request_record(op: str, key: tuple, phase: str, t_sched: float, **fields) -> dict:
    rec = {"kind": "req", "phase": phase, "op": op, "key": list(key), "t_sched": round(t_sched, 6)}
    rec.update({k: v for k, v in fields.items() if v is not None})
    return rec


def send(rec: dict, method: str, path: str, body, token: str) -> dict:
    """Sends the request described by rec and completes rec with the outcome."""
    rec["t_sent"] = round(time.time(), 6)
    status, parsed, error = call(method, path, body, token)
    rec["t_done"] = round(time.time(), 6)
    rec["status"] = status
    if error:
        rec["error"] = error[:300]
    if isinstance(status, int) and 200 <= status < 300:
        data = data_of(parsed)
        wanted = ("likesCount", "liked", "changed", "views", "counted", "id", "parentId", "commentsCount",
                  "sharesCount", "isFollowing", "followersCount", "followingCount")
        rec["resp"] = {k: data[k] for k in wanted if k in data}
    return rec


# ------------------------------------------------------------------------------------------------
# Set-up
# ------------------------------------------------------------------------------------------------


def _setup_retry(fn, what: str, attempts: int = 5, on_conflict=None):
    """Runs fn() -> (status, parsed, error) until 2xx, retrying 503s; returns the parsed body.

    A 409 after a retry means an earlier 503 attempt was stored after all: on_conflict() then
    stands in for fn() (set-up is not what the checker judges).
    """
    for attempt in range(attempts):
        status, parsed, error = fn()
        if status == 409 and attempt > 0 and on_conflict is not None:
            status, parsed, error = on_conflict()
        if isinstance(status, int) and 200 <= status < 300:
            return parsed
        if status != 503 or attempt == attempts - 1:
            raise RuntimeError(f"set-up failed: {what}: HTTP {status} {error}")
        time.sleep(1 + attempt)
    raise AssertionError("unreachable")


def setup(ledger: Ledger, users: int, videos: int, follows: int, rng: random.Random, prefix: str = "cz") -> World:
    """Registers `users` users, gives `videos` videos to the first third of them, adds `follows` follows."""
    run = uuid.uuid4().hex[:6]

    def register(i: int) -> dict:
        username = f"{prefix}{run}_{i}"[:20].lower()
        body = {"email": f"{username}@chaos.example.com", "username": username, "password": PASSWORD}
        login = {"username": username, "password": PASSWORD}
        data = data_of(_setup_retry(lambda: call("POST", "/api/auth/register", body), f"register {username}",
                                    on_conflict=lambda: call("POST", "/api/auth/login", login)))
        user = {"id": data["user"]["id"], "username": username, "token": data["accessToken"]}
        ledger.write({"kind": "user", "id": user["id"], "username": username})
        return user

    with ThreadPoolExecutor(8) as pool:
        all_users = list(pool.map(register, range(users)))
    owners = all_users[: max(1, len(all_users) // 3)]

    def create(i: int) -> dict:
        owner = owners[i % len(owners)]
        body = {"title": f"chaos video {i}", "videoUrl": f"https://cdn.example.com/chaos/{uuid.uuid4().hex}.mp4"}
        data = data_of(_setup_retry(lambda: call("POST", "/api/videos", body, owner["token"]), "create video"))
        ledger.write({"kind": "video", "id": data["id"], "owner": owner["id"]})
        return {"id": data["id"], "owner": owner["id"]}

    with ThreadPoolExecutor(4) as pool:
        all_videos = list(pool.map(create, range(videos)))
    world = World(all_users, all_videos, rng)
    pairs = set()
    while len(pairs) < min(follows, len(all_users) * (len(all_users) - 1)):
        a, b = rng.sample(all_users, 2)
        pairs.add((a["id"], b["id"]))
    by_id = {u["id"]: u for u in all_users}
    for a, b in sorted(pairs):
        while True:  # every attempt is in the ledger; 503s are retried
            rec = request_record("follow", (a, b), "setup", time.time(), id=world.new_id(), user=a, target=b, seq=0)
            send(rec, "POST", f"/api/users/{b}/follow", None, by_id[a]["token"])
            ledger.write(rec)
            if rec["status"] != 503:
                break
            time.sleep(1)
        if not (isinstance(rec["status"], int) and rec["status"] < 300):
            raise RuntimeError(f"set-up failed: follow: HTTP {rec['status']} {rec.get('error')}")
    return world


# ------------------------------------------------------------------------------------------------
# Load
# ------------------------------------------------------------------------------------------------


class Load:
    """Dispatches `events` operations at `rate` per second to `workers` threads."""

    def __init__(self, world: World, ledger: Ledger, events: int, rate: float, workers: int):
        self.world, self.ledger = world, ledger
        self.events, self.rate = events, rate
        self.by_id = {u["id"]: u for u in world.users}
        self.owner = {v["id"]: v["owner"] for v in world.videos}
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)  # notified when nothing is outstanding
        self.busy = set()  # keys with a request in flight
        self.waiting = collections.defaultdict(collections.deque)  # key -> ops due after the one in flight
        self.seq = collections.Counter()  # key -> requests sent so far
        self.outstanding = 0
        self.ready = queue.SimpleQueue()
        self.workers = [threading.Thread(target=self._worker, daemon=True) for _ in range(workers)]
        self.stats = collections.Counter()
        self.max_lag = 0.0

    # -- choosing operations ---------------------------------------------------------------------

    def _pick_key(self, make) -> tuple:
        """A key from make(); an idle one when one of a few tries finds it."""
        key = make()
        for _ in range(8):
            if key not in self.busy:
                break
            key = make()
        return key

    def _choose(self, t_sched: float) -> dict:
        rng, users, videos = self.world.rng, self.world.users, self.world.videos
        op = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        op_id = self.world.new_id()
        if op in ("follow", "unfollow"):
            a, b = self._pick_key(lambda: tuple(u["id"] for u in rng.sample(users, 2)))
            return request_record(op, (a, b), "load", t_sched, id=op_id, user=a, target=b)
        if op == "comment_delete":
            picked = self.world.take_comment()
            if picked:
                cid, info = picked
                user = info["author"]
                if rng.random() < OWNER_DELETE_SHARE:
                    user = self.owner[info["video"]]
                return request_record(op, (user, info["video"]), "load", t_sched, id=op_id, user=user,
                                      video=info["video"], comment=cid)
            op = "comment"
        user, video = self._pick_key(lambda: (rng.choice(users)["id"], rng.choice(videos)["id"]))
        return request_record(op, (user, video), "load", t_sched, id=op_id, user=user, video=video)

    # -- sending ---------------------------------------------------------------------------------

    def _execute(self, rec: dict) -> None:
        op, user, video, rng = rec["op"], rec["user"], rec.get("video"), self.world.rng
        token = self.by_id[user]["token"]
        tag = f"r{rec['id']}"
        if op in ("like", "unlike"):
            send(rec, "POST", f"/api/interactions/{op}", {"videoId": video}, token)
        elif op == "view":
            send(rec, "POST", "/api/interactions/view", {"videoId": video}, token)
        elif op == "share":
            rec["tag"] = tag
            body = {"shareType": rng.choice(SHARE_TYPES), "platform": tag}
            send(rec, "POST", f"/api/videos/{video}/share", body, token)
        elif op == "comment":
            rec["tag"] = tag
            body = {"videoId": video, "content": self._comment_text(rec, tag)}
            parent = self.world.random_comment(video) if rng.random() < REPLY_SHARE else None
            if parent:
                rec["parent"] = parent[0]
                body["parentId"] = parent[0]
            send(rec, "POST", "/api/interactions/comment", body, token)
            if rec["status"] == 201 and "id" in rec["resp"]:
                rec["comment"] = rec["resp"]["id"]
                top = rec["resp"].get("parentId")
                self.world.comment_created(rec["comment"], video, user, top)
        elif op == "comment_delete":
            send(rec, "DELETE", f"/api/interactions/comment/{rec['comment']}", None, token)
            if rec["status"] in (200, 404):
                self.world.comment_deleted(rec["comment"])
            else:
                self.world.put_back(rec["comment"])
        elif op in ("follow", "unfollow"):
            send(rec, "POST" if op == "follow" else "DELETE", f"/api/users/{rec['target']}/follow", None, token)
        else:
            raise ValueError(op)

    def _comment_text(self, rec: dict, tag: str) -> str:
        """Content with the request's tag and, sometimes, @mentions (one may be unknown or the author)."""
        rng = self.world.rng
        text = f"chaos [{tag}] comment"
        if rng.random() < MENTION_SHARE:
            names = [u["username"] for u in rng.sample(self.world.users, min(2, len(self.world.users)))]
            if rng.random() < 0.2:
                names.append("nobody_" + uuid.uuid4().hex[:8])
            rec["mentions"] = names
            text += " " + " ".join("@" + n for n in names)
        return text

    def _worker(self) -> None:
        while True:
            rec = self.ready.get()
            if rec is None:
                return
            while rec is not None:
                key = tuple(rec["key"])
                with self.lock:
                    self.seq[key] += 1
                    rec["seq"] = self.seq[key]
                try:
                    self._execute(rec)
                except Exception as exc:  # a bug here must not hang the run: record and go on
                    rec.setdefault("status", "no_response")
                    rec["error"] = f"loadgen: {type(exc).__name__}: {exc}"
                self.ledger.write(rec)
                with self.lock:
                    self.stats[f"{rec['op']}:{_status_class(rec['status'])}"] += 1
                    self.max_lag = max(self.max_lag, rec.get("t_sent", rec["t_sched"]) - rec["t_sched"])
                    rec = self.waiting[key].popleft() if self.waiting[key] else None
                    if rec is None:
                        self.busy.discard(key)
                        del self.waiting[key]
                    self.outstanding -= 1
                    if self.outstanding == 0:
                        self.idle.notify_all()

    def run(self, stop: threading.Event | None = None) -> dict:
        """Sends every event on schedule, waits for the answers; returns statistics."""
        for w in self.workers:
            w.start()
        start = time.time()
        sent = 0
        for i in range(self.events):
            due = start + i / self.rate
            delay = due - time.time()
            if delay > 0:
                time.sleep(delay)
            if stop is not None and stop.is_set():
                break
            with self.lock:
                rec = self._choose(due)
                key = tuple(rec["key"])
                self.outstanding += 1
                if key in self.busy:
                    self.waiting[key].append(rec)
                    rec = None
                else:
                    self.busy.add(key)
            if rec is not None:
                self.ready.put(rec)
            sent += 1
        dispatched = time.time()
        with self.lock:
            while self.outstanding:
                self.idle.wait()
        for _ in self.workers:
            self.ready.put(None)
        for w in self.workers:
            w.join()
        end = time.time()
        return {
            "events": sent,
            "rate": self.rate,
            "dispatch_seconds": round(dispatched - start, 3),
            "load_seconds": round(end - start, 3),
            "max_lag_seconds": round(self.max_lag, 3),
            "outcomes": dict(sorted(self.stats.items())),
        }


def _status_class(status) -> str:
    return "no_response" if status == "no_response" else f"{int(status) // 100}xx"


def run_load(world: World, ledger: Ledger, events: int, rate: float, workers: int = 0,
             stop: threading.Event | None = None) -> dict:
    """Runs the load phase; `workers` 0 = enough threads to keep the schedule through 5 s stalls."""
    workers = workers or int(min(600, max(16, rate * 6)))
    return Load(world, ledger, events, rate, workers).run(stop)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", required=True, help="JSON-lines file to write")
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--videos", type=int, default=30)
    parser.add_argument("--follows", type=int, default=40, help="follows made during set-up")
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second")
    parser.add_argument("--workers", type=int, default=0, help="threads (default: rate * 6, at most 600)")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    ledger = Ledger(args.ledger)
    try:
        world = setup(ledger, args.users, args.videos, args.follows, random.Random(args.seed))
        stats = run_load(world, ledger, args.events, args.rate, args.workers)
    finally:
        ledger.close()
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
