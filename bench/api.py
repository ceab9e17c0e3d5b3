"""The public API as the benchmark set-up uses it (standard library only).

    client = api.Client("http://127.0.0.1:3000")           # one keep-alive connection; not thread-safe
    status, body = client.call("POST", "/api/interactions/like", {"videoId": v}, token=t)
    setup = api.create_setup(base_url, users=1000, videos=1500, threads=4, log=print)

Everything goes through the gateway, as a client would: registration (argon2id, tens of ms of CPU
each, hence a small thread pool), JSON video creation (an external URL is `ready` at once).
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import threading
import time
import urllib.parse
import uuid

PASSWORD = "BenchPassw0rd!"


class ApiError(RuntimeError):
    pass


class Client:
    """One persistent HTTP/1.1 connection to the gateway; reconnects after an error."""

    def __init__(self, base_url: str, timeout: float = 30.0):
        url = urllib.parse.urlsplit(base_url)
        self.host, self.port = url.hostname or "127.0.0.1", url.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def call(self, method: str, path: str, body=None, token: str | None = None) -> tuple:
        """(status, parsed JSON body or None). Raises OSError/http.client errors on connection failure."""
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                break
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    raise
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        if resp.getheader("Connection", "").lower() == "close":
            self.close()
        return resp.status, parsed

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def data_of(body):
    return body.get("data") if isinstance(body, dict) else None


def expect(status: int, body, wanted: tuple, what: str):
    if status not in wanted:
        raise ApiError(f"{what}: expected HTTP {wanted}, got {status}: {json.dumps(body)[:300]}")
    return data_of(body)


_local = threading.local()


def _client(base_url: str) -> Client:
    c = getattr(_local, "client", None)
    if c is None:
        c = _local.client = Client(base_url)
    return c


def register(base_url: str, username: str) -> dict:
    body = {"email": f"{username.lower()}@bench.example.com", "username": username, "password": PASSWORD}
    status, resp = _client(base_url).call("POST", "/api/auth/register", body)
    data = expect(status, resp, (201,), f"register {username}")
    return {"id": data["user"]["id"], "username": username, "token": data["accessToken"]}


def create_video(base_url: str, token: str, title: str) -> str:
    body = {"title": title, "videoUrl": f"https://cdn.example.com/bench/{uuid.uuid4()}.mp4"}
    status, resp = _client(base_url).call("POST", "/api/videos", body, token=token)
    return expect(status, resp, (201,), "create video")["id"]


def _parallel(fn, items, threads: int, what: str, log) -> list:
    out = [None] * len(items)
    done = 0
    started = time.monotonic()
    last_log = started
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {pool.submit(fn, item): i for i, item in enumerate(items)}
        for fut in concurrent.futures.as_completed(futures):
            out[futures[fut]] = fut.result()
            done += 1
            if time.monotonic() - last_log > 10:
                last_log = time.monotonic()
                log(f"  {what}: {done}/{len(items)} ({done / (last_log - started):.0f}/s)")
    return out


def create_setup(base_url: str, users: int, videos: int, extra_videos: int = 0, probe_videos: int = 0,
                 threads: int = 4, log=print) -> dict:
    """Users, videos (owned by the first third of the users) and the extra sets the scenarios need.

    Returns {password, users:[{id,username,token}], videos:[{id,owner}], wrk_videos:[...],
    probe:{user, owner, videos:[...]}}; `videos` is what the load generator gets.
    """
    tag = uuid.uuid4().hex[:6]
    started = time.monotonic()
    names = [f"b{tag}_{i}" for i in range(users)] + [f"b{tag}_probe", f"b{tag}_powner"]
    log(f"set-up: registering {len(names)} users ({threads} threads; argon2id makes this the slow part)")
    registered = _parallel(lambda n: register(base_url, n), names, threads, "users", log)
    probe_user, probe_owner = registered[-2], registered[-1]
    user_list = registered[:-2]
    owners = user_list[: max(1, len(user_list) // 3)]
    total = videos + extra_videos
    log(f"set-up: creating {total + probe_videos} videos")

    def make(i: int) -> dict:
        owner = owners[i % len(owners)]
        return {"id": create_video(base_url, owner["token"], f"bench video {i}"), "owner": owner["id"]}

    made = _parallel(make, list(range(total)), threads, "videos", log)
    probes = _parallel(lambda i: {"id": create_video(base_url, probe_owner["token"], f"probe {i}"),
                                  "owner": probe_owner["id"]},
                       list(range(probe_videos)), threads, "probe videos", log)
    log(f"set-up: done in {time.monotonic() - started:.1f} s")
    return {
        "password": PASSWORD,
        "users": user_list,
        "videos": made[:videos],
        "wrk_videos": made[videos:],
        "probe": {"user": probe_user, "owner": probe_owner, "videos": probes},
    }


def loadgen_setup(setup: dict) -> dict:
    """The part of the set-up the load generator reads (its setup.json format)."""
    return {"password": setup["password"], "users": setup["users"], "videos": setup["videos"]}
