"""Helpers for the black-box end-to-end tests (standard library only).

Every test talks to a running stack through HTTP only. The stack is described by the environment
exported by scripts/test (or, by hand: set -a; . .state/env.sh; set +a):
  TT_GATEWAY_URL   gateway base URL (default http://127.0.0.1:3000)
  TT_SCRIPTS_DIR   scripts directory (default: <repo>/scripts)
  TT_STATE_DIR     state dir of the stack (logs/, run/): needed for infra control and log checks
  AUTH_HTTP_PORT, VIDEO_HTTP_PORT, INTERACTION_HTTP_PORT, NOTIFICATION_HTTP_PORT, ANALYTICS_HTTP_PORT
                   the services' own HTTP ports (/health, /ready)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

REPO_ROOT = Path(__file__).resolve().parents[2]

GATEWAY_URL = os.environ.get("TT_GATEWAY_URL", "http://127.0.0.1:3000").rstrip("/")
SCRIPTS_DIR = os.environ.get("TT_SCRIPTS_DIR", str(REPO_ROOT / "scripts"))
STATE_DIR = os.environ.get("TT_STATE_DIR", "")

SERVICES = ("api-gateway", "auth-service", "video-service", "interaction-service", "notification-service",
            "analytics-service")
_SERVICE_PORT_VARS = {
    "api-gateway": "PORT",
    "auth-service": "AUTH_HTTP_PORT",
    "video-service": "VIDEO_HTTP_PORT",
    "interaction-service": "INTERACTION_HTTP_PORT",
    "notification-service": "NOTIFICATION_HTTP_PORT",
    "analytics-service": "ANALYTICS_HTTP_PORT",
}

PASSWORD = "Passw0rd!"


# ------------------------------------------------------------------------------------------------
# HTTP
# ------------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: Any  # http.client.HTTPMessage (case-insensitive get / get_all)
    json: Any  # parsed body, or None when the body is not JSON
    text: str = ""
    cookies: dict = field(default_factory=dict)

    @property
    def data(self) -> Any:
        return self.json.get("data") if isinstance(self.json, dict) else None

    def describe(self) -> str:
        return f"HTTP {self.status} {self.text[:500]}"


def _parse_set_cookies(headers) -> dict:
    cookies = {}
    for value in headers.get_all("Set-Cookie") or []:
        first = value.split(";", 1)[0]
        if "=" in first:
            name, val = first.split("=", 1)
            cookies[name.strip()] = {"value": val.strip(), "raw": value}
    return cookies


def request(
    method: str,
    path: str,
    body: Any = None,
    *,
    token: str | None = None,
    raw_body: bytes | str | None = None,
    headers: dict | None = None,
    base_url: str | None = None,
    timeout: float = 15.0,
) -> Response:
    """Sends one request; never raises on 4xx/5xx (only on connection errors)."""
    url = (base_url or GATEWAY_URL) + path
    hdrs = {"Accept": "application/json"}
    data = None
    if raw_body is not None:
        data = raw_body.encode() if isinstance(raw_body, str) else raw_body
        hdrs["Content-Type"] = "application/json"
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    if token:
        hdrs["Authorization"] = f"Bearer {token}"
    if headers:
        hdrs.update(headers)
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, resp_headers, payload = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        status, resp_headers, payload = err.code, err.headers, err.read()
    text = payload.decode("utf-8", errors="replace")
    try:
        parsed = json.loads(text) if text else None
    except ValueError:
        parsed = None
    return Response(status, resp_headers, parsed, text, _parse_set_cookies(resp_headers))


def try_request(*args, **kwargs) -> Response | None:
    """Like request() but returns None on connection errors/timeouts (for polling)."""
    try:
        return request(*args, **kwargs)
    except (urllib.error.URLError, OSError):
        return None


def service_url(name: str) -> str:
    port = os.environ.get(_SERVICE_PORT_VARS[name])
    if not port:
        raise RuntimeError(f"{_SERVICE_PORT_VARS[name]} is not set (source the stack's env.sh)")
    return f"http://127.0.0.1:{port}"


# ------------------------------------------------------------------------------------------------
# Domain helpers
# ------------------------------------------------------------------------------------------------


def unique_name(prefix: str = "u") -> str:
    """A fresh username: <= 20 chars, only [A-Za-z0-9_]."""
    return (prefix + "_" + uuid.uuid4().hex)[:20]


def register_user(prefix: str = "u", full_name: str | None = None) -> dict:
    """Registers a fresh user; returns {id, token, refreshToken, username, email, password, user}."""
    username = unique_name(prefix)
    body = {"email": f"{username.lower()}@e2e.example.com", "username": username, "password": PASSWORD}
    if full_name is not None:
        body["fullName"] = full_name
    resp = request("POST", "/api/auth/register", body)
    if resp.status != 201:
        raise AssertionError(f"register {username}: expected 201, got {resp.describe()}")
    data = resp.data
    return {
        "id": data["user"]["id"],
        "token": data["accessToken"],
        "refreshToken": data["refreshToken"],
        "username": username,
        "email": body["email"],
        "password": PASSWORD,
        "user": data["user"],
        "response": resp,
    }


def create_video(token: str, title: str = "e2e video", **extra) -> dict:
    body = {"title": title, "videoUrl": "https://cdn.example.com/v/" + uuid.uuid4().hex + ".mp4"}
    body.update(extra)
    resp = request("POST", "/api/videos", body, token=token)
    if resp.status != 201:
        raise AssertionError(f"create video: expected 201, got {resp.describe()}")
    return resp.data


def list_notifications(token: str) -> list:
    """All notifications of the caller (every page)."""
    out, page = [], 1
    while True:
        resp = request("GET", f"/api/notifications?page={page}&limit=100", token=token)
        if resp.status != 200:
            raise AssertionError(f"GET /api/notifications: expected 200, got {resp.describe()}")
        out.extend(resp.data["notifications"])
        if not resp.data.get("hasMore") or page > 50:
            return out
        page += 1


def like_notifications(token: str, actor_id: str, video_id: str) -> list:
    return [
        n
        for n in list_notifications(token)
        if n.get("type") == "like" and n.get("actorId") == actor_id and n.get("relatedId") == video_id
    ]


def login(identifier: str, password: str = PASSWORD) -> Response:
    """POST /api/auth/login with emailOrUsername (no status check)."""
    return request("POST", "/api/auth/login", {"emailOrUsername": identifier, "password": password})


def refresh(token: str | None = None, *, cookie: str | None = None) -> Response:
    """POST /api/auth/refresh with the token in the JSON body and/or the refresh_token cookie."""
    headers = {"Cookie": f"refresh_token={cookie}"} if cookie is not None else None
    body = {"refreshToken": token} if token is not None else None
    return request("POST", "/api/auth/refresh", body, headers=headers)


def cookie_attrs(raw: str) -> dict:
    """Attributes of one Set-Cookie value, lower-cased names: {"path": "/", "httponly": True, ...}."""
    out = {}
    for part in raw.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        out[name.strip().lower()] = value.strip() if _ else True
    return out


def notifications(token: str, type_: str, actor_id: str, related_id: str) -> list:
    """The caller's notifications of one type from one actor about one related id."""
    return [
        n
        for n in list_notifications(token)
        if n.get("type") == type_ and n.get("actorId") == actor_id and n.get("relatedId") == related_id
    ]


# ------------------------------------------------------------------------------------------------
# Waiting
# ------------------------------------------------------------------------------------------------


def eventually(fn: Callable[[], Any], timeout: float = 10.0, interval: float = 0.2, desc: str = "condition"):
    """Polls fn() until it returns a truthy value (returned) or timeout seconds pass (AssertionError).

    fn may raise AssertionError/connection errors while the condition does not hold yet; the last
    value or error is reported on timeout.
    """
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        try:
            value = fn()
            if value:
                return value
            last = value
        except (AssertionError, OSError, urllib.error.URLError) as exc:
            last = exc
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {desc}; last: {last!r}")
        time.sleep(interval)


def holds_for(fn: Callable[[], Any], duration: float, interval: float = 0.25, desc: str = "condition"):
    """Asserts fn() stays truthy for `duration` seconds (bounded check that nothing more happens)."""
    deadline = time.monotonic() + duration
    while True:
        value = fn()
        if not value:
            raise AssertionError(f"{desc} stopped holding: {value!r}")
        if time.monotonic() >= deadline:
            return value
        time.sleep(interval)


def ready_status() -> dict:
    """HTTP status of /ready for the gateway and each service (None when unreachable)."""
    out = {}
    for name in SERVICES:
        try:
            base = GATEWAY_URL if name == "api-gateway" else service_url(name)
        except RuntimeError:
            continue
        resp = try_request("GET", "/ready", base_url=base, timeout=3)
        out[name] = resp.status if resp else None
    return out


def wait_ready(timeout: float = 60.0) -> None:
    """Waits until the gateway and every service whose port is known answer /ready with 200."""
    eventually(
        lambda: all(s == 200 for s in ready_status().values()),
        timeout=timeout,
        interval=0.5,
        desc="the whole system to be ready (/ready 200 everywhere)",
    )


# ------------------------------------------------------------------------------------------------
# Extra gateway processes (settings of their own, same services, Redis and Kafka)
# ------------------------------------------------------------------------------------------------


class ExtraGateway:
    """One more api-gateway process on a free port with `settings` added to the stack's environment.

    Use as a context manager or call stop(); its log goes to <state>/logs/api-gateway-extra-<port>.log.
    """

    def __init__(self, **settings: str):
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        build_dir = Path(os.environ.get("TT_BUILD_DIR", REPO_ROOT / "build"))
        log_dir = Path(STATE_DIR or "/tmp", "logs")
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log = open(log_dir / f"api-gateway-extra-{port}.log", "w")
        env = dict(os.environ, PORT=str(port), LOG_LEVEL="warn", **settings)
        self._proc = subprocess.Popen([str(build_dir / "bin" / "api-gateway")], env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            eventually(lambda: (r := try_request("GET", "/health", base_url=self.base, timeout=2)) is not None
                       and r.status == 200, timeout=30, desc=f"the extra gateway on port {port} to start")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._log.close()

    def __enter__(self) -> "ExtraGateway":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


# ------------------------------------------------------------------------------------------------
# Infrastructure control (scripts/lib/*.sh)
# ------------------------------------------------------------------------------------------------

INFRA_FUNCTIONS = {"pg_start", "pg_stop", "kafka_start", "kafka_stop", "redis_start", "redis_stop"}


def infra_available() -> str | None:
    """None when infra control works here, else the reason the outage tests cannot run."""
    if not STATE_DIR:
        return "TT_STATE_DIR is not set (run under scripts/test or source .state/env.sh)"
    if not Path(SCRIPTS_DIR, "lib", "postgres.sh").is_file():
        return f"no scripts/lib in {SCRIPTS_DIR}"
    return None


def infra(func: str, timeout: float = 180.0) -> None:
    """Runs one function of scripts/lib (pg_stop, pg_start, kafka_stop, kafka_start, ...)."""
    if func not in INFRA_FUNCTIONS:
        raise ValueError(func)
    script = (
        'set -euo pipefail; for f in common env postgres redis kafka services; do '
        'source "$TT_SCRIPTS_DIR/lib/$f.sh"; done; ' + func
    )
    env = dict(os.environ, TT_SCRIPTS_DIR=SCRIPTS_DIR)
    proc = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{func} failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


# ------------------------------------------------------------------------------------------------
# Kafka (through the kcat command-line tool)
# ------------------------------------------------------------------------------------------------

KAFKA_BROKERS = os.environ.get("KAFKA_BROKERS", "")


def kafka_available() -> str | None:
    """None when topics can be read here, else the reason the event tests cannot run."""
    if not KAFKA_BROKERS:
        return "KAFKA_BROKERS is not set (run under scripts/test or source .state/env.sh)"
    if not shutil.which("kcat"):
        return "kcat is not installed"
    return None


def kafka_events(topic: str, timeout: float = 30.0) -> list:
    """Every record of a topic, read from the beginning to the current end of each partition.

    Returns [(key, payload)] with payload parsed from JSON (None when it is not JSON). A topic
    that does not exist yet reads as empty.
    """
    proc = subprocess.run(
        ["kcat", "-C", "-b", KAFKA_BROKERS, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\t%s\n"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        if "Unknown topic" in proc.stderr or "UNKNOWN_TOPIC" in proc.stderr:
            return []
        raise AssertionError(f"kcat {topic} failed (exit {proc.returncode}): {proc.stderr[-500:]}")
    out = []
    for line in proc.stdout.splitlines():
        if not line:
            continue
        key, _, value = line.partition("\t")
        try:
            payload = json.loads(value)
        except ValueError:
            payload = None
        out.append((key, payload))
    return out


def kafka_find(topic: str, **match) -> list:
    """The records of a topic whose JSON payload has every given field equal to the given value."""
    return [
        (key, payload)
        for key, payload in kafka_events(topic)
        if isinstance(payload, dict) and all(payload.get(k) == v for k, v in match.items())
    ]


def kafka_produce(topic: str, key: str, payload: str, headers: dict | None = None) -> None:
    """Publishes one raw record (as a foreign or broken producer would) with kcat."""
    cmd = ["kcat", "-P", "-b", KAFKA_BROKERS, "-t", topic, "-k", key]
    for name, value in (headers or {}).items():
        cmd += ["-H", f"{name}={value}"]
    proc = subprocess.run(cmd, input=payload, capture_output=True, text=True, timeout=30, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"kcat -P {topic} failed (exit {proc.returncode}): {proc.stderr[-500:]}")


def kafka_admin(*args: str, timeout: float = 60.0) -> str:
    """Runs tt-kafka-admin against the test broker; returns stdout, fails on a non-zero exit."""
    binary = os.path.join(os.environ.get("TT_BUILD_DIR", ""), "bin", "tt-kafka-admin")
    proc = subprocess.run([binary, *args, "--brokers", KAFKA_BROKERS], capture_output=True, text=True,
                          timeout=timeout, check=False)
    if proc.returncode != 0:
        raise AssertionError(f"tt-kafka-admin {' '.join(args)} failed (exit {proc.returncode}): {proc.stderr[-800:]}")
    return proc.stdout


def metric(service: str, name: str, **labels) -> float | None:
    """A sample of the service's GET /metrics (Prometheus text), or None when absent."""
    resp = try_request("GET", "/metrics", base_url=service_url(service), timeout=10)
    if resp is None or resp.status != 200:
        return None
    want = ",".join(f'{k}="{v}"' for k, v in labels.items())
    for line in resp.text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        metric_name, _, label_text = sample.partition("{")
        if metric_name == name and (not want or label_text.rstrip("}") == want):
            return float(value)
    return None


def wait_kafka_event(topic: str, timeout: float = 15.0, **match) -> list:
    """Polls the topic until at least one record matches; returns the matching [(key, payload)]."""
    return eventually(
        lambda: kafka_find(topic, **match), timeout=timeout, interval=0.5, desc=f"a {topic} event with {match}"
    )


# ------------------------------------------------------------------------------------------------
# Video lists
# ------------------------------------------------------------------------------------------------


def video_list(path: str, token: str | None = None, **params) -> Response:
    """GET a video list (/api/videos, /api/videos/feed, .../user/:id, .../search, ...) with query params."""
    import urllib.parse

    qs = urllib.parse.urlencode(params)
    sep = "&" if "?" in path else "?"
    return request("GET", path + (sep + qs if qs else ""), token=token)


def find_in_video_list(path: str, video_id: str, token: str | None = None, limit: int = 50, max_pages: int = 20):
    """Walks a video list by nextCursor until the video appears; returns its entry (None if absent)."""
    cursor = None
    for _ in range(max_pages):
        params = {"limit": limit} if cursor is None else {"limit": limit, "cursor": cursor}
        resp = video_list(path, token, **params)
        if resp.status != 200:
            raise AssertionError(f"GET {path}: expected 200, got {resp.describe()}")
        for v in resp.data["videos"]:
            if v["id"] == video_id:
                return v
        cursor = resp.data.get("nextCursor")
        if not cursor:
            return None
    return None


# ------------------------------------------------------------------------------------------------
# Uploads and media
# ------------------------------------------------------------------------------------------------


def multipart_body(fields: dict, file_field: str | None = None, filename: str = "clip.mp4",
                   content: bytes = b"", file_type: str = "video/mp4") -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type (text fields, then the file part)."""
    boundary = "tt" + uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    if file_field:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                     f"Content-Type: {file_type}\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def upload(path: str, token: str | None, fields: dict, content: bytes | None, filename: str = "clip.mp4",
           file_field: str = "file") -> Response:
    body, content_type = multipart_body(fields, file_field if content is not None else None, filename,
                                        content or b"")
    return request("POST", path, token=token, raw_body=body, headers={"Content-Type": content_type}, timeout=60)


def make_clip(seconds: int = 2, size: str = "320x240") -> bytes:
    """A short H.264 MP4 test pattern made by ffmpeg (scripts/deps.txt installs it)."""
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "clip.mp4")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                        f"testsrc=size={size}:rate=15:duration={seconds}", "-pix_fmt", "yuv420p",
                        "-movflags", "+faststart", path], capture_output=True, check=True, timeout=120)
        with open(path, "rb") as f:
            return f.read()


def fetch(path: str, headers: dict | None = None, method: str = "GET") -> tuple[int, Any, bytes]:
    """Raw bytes of a (media) URL: (status, headers, body)."""
    req = urllib.request.Request(GATEWAY_URL + path, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


def wait_video_status(token: str, video_id: str, statuses: tuple = ("ready", "failed"), timeout: float = 60.0) -> dict:
    """The owner's view of the video once its status is one of `statuses`."""
    def check():
        resp = request("GET", f"/api/videos/{video_id}", token=token)
        return resp.data if resp.status == 200 and resp.data["status"] in statuses else None
    return eventually(check, timeout=timeout, desc=f"video {video_id} reaches {statuses}")
