"""Like-latency probes run beside a like load step (standard library + tests/e2e/ws_client.py).

Every `interval` seconds the probe user likes a fresh probe video (so the like is new) and measures,
from the moment the like's 2xx response arrived ("accepted"):
  - notification: the `notification` frame {type: like, metadata.videoId} on the video owner's
    WebSocket (like row + outbox → relay → Kafka → notification-service → notification.created →
    gateway event bridge → socket);
  - room_event: the `video:liked` frame of the video's room on the same socket (relay → Kafka →
    gateway event bridge; the socket joins the room before the like);
  - counter: `GET /api/videos/:id` showing likesCount >= 1, polled every 5 ms.
Negative values are possible in principle (a frame read before the HTTP response) and kept as is.

    probe = LikeProbe(base_url, setup["probe"], interval=0.2)
    probe.start(); ...; summary = probe.stop()
"""

from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

import api  # noqa: E402
from ws_client import ConnectionClosed, WebSocket  # noqa: E402


def percentiles(values: list) -> dict:
    if not values:
        return {"count": 0}
    s = sorted(values)

    def pick(q: float) -> float:
        return round(s[min(len(s) - 1, int(q * len(s)))], 2)

    return {"count": len(s), "p50": pick(0.50), "p90": pick(0.90), "p99": pick(0.99), "max": round(s[-1], 2),
            "min": round(s[0], 2)}


class LikeProbe:
    def __init__(self, base_url: str, probe_setup: dict, interval: float = 0.2, wait_s: float = 10.0):
        self.base_url = base_url
        self.user = probe_setup["user"]
        self.owner = probe_setup["owner"]
        self.videos = [v["id"] for v in probe_setup["videos"]]
        self.interval = interval
        self.wait_s = wait_s
        self.frames: dict = {}  # (event, videoId) -> monotonic arrival time
        self.acks: dict = {}  # room -> arrival
        self.cond = threading.Condition()
        self.records: list = []
        self.errors: list = []
        self.stop_likes = threading.Event()
        self.stop_reader = threading.Event()
        self.ws: WebSocket | None = None
        self.reader = threading.Thread(target=self._read_loop, name="probe-ws", daemon=True)
        self.driver = threading.Thread(target=self._drive, name="probe-like", daemon=True)

    def start(self) -> None:
        self.ws = WebSocket.connect(self.base_url, f"/ws?token={self.owner['token']}")
        self.reader.start()
        self.driver.start()

    def _read_loop(self) -> None:
        while not self.stop_reader.is_set():
            try:
                frame = self.ws.recv_json(timeout=0.5)
            except TimeoutError:
                continue
            except (ConnectionClosed, OSError, ValueError, AssertionError) as exc:
                if not self.stop_reader.is_set():
                    self.errors.append(f"websocket: {exc}")
                return
            now = time.monotonic()
            event, data = frame.get("event"), frame.get("data") or {}
            with self.cond:
                if event == "notification" and data.get("type") == "like":
                    key = ("notification", (data.get("metadata") or {}).get("videoId"))
                elif event == "join_video":
                    self.acks[data.get("room")] = now
                    self.cond.notify_all()
                    continue
                else:
                    key = (event, data.get("videoId"))
                self.frames.setdefault(key, now)
                self.cond.notify_all()

    def _join(self, video: str) -> bool:
        room = f"video:{video}"
        self.ws.send_json({"event": "join_video", "data": {"videoId": video}})
        with self.cond:
            return self.cond.wait_for(lambda: room in self.acks, timeout=5)

    def _drive(self) -> None:
        client = api.Client(self.base_url, timeout=10)
        next_at = time.monotonic()
        for i, video in enumerate(self.videos):
            if self.stop_likes.is_set():
                break
            next_at += self.interval
            rec = {"video": video}
            try:
                if i >= 50:  # WS_MAX_ROOMS (100) rooms per socket: leave the rooms of old probes
                    self.ws.send_json({"event": "leave_video", "data": {"videoId": self.videos[i - 50]}})
                if not self._join(video):
                    self.errors.append(f"no join_video ack for {video}")
                sent = time.monotonic()
                status, body = client.call("POST", "/api/interactions/like", {"videoId": video},
                                           token=self.user["token"])
                accepted = time.monotonic()
                rec.update(status=status, http_ms=(accepted - sent) * 1e3, sent=sent, accepted=accepted)
                if status // 100 != 2:
                    self.errors.append(f"like {video}: HTTP {status} {json.dumps(body)[:200]}")
                else:
                    while time.monotonic() - accepted < self.wait_s:
                        st, vb = client.call("GET", f"/api/videos/{video}", token=self.user["token"])
                        data = api.data_of(vb) or {}
                        if st == 200 and int(data.get("likesCount", 0)) >= 1:
                            rec["counter_ms"] = (time.monotonic() - accepted) * 1e3
                            break
                        time.sleep(0.005)
            except (OSError, api.ApiError) as exc:
                self.errors.append(f"like {video}: {exc}")
            self.records.append(rec)
            delay = next_at - time.monotonic()
            if delay > 0 and self.stop_likes.wait(delay):
                break
        client.close()

    def stop(self) -> dict:
        """Stops the likes, waits up to wait_s for the last frames, returns the latency summary."""
        self.stop_likes.set()
        self.driver.join(timeout=30)
        deadline = time.monotonic() + self.wait_s
        with self.cond:
            self.cond.wait_for(lambda: all(("notification", r["video"]) in self.frames
                                           and ("video:liked", r["video"]) in self.frames
                                           for r in self.records if "accepted" in r),
                               timeout=max(0.0, deadline - time.monotonic()))
        self.stop_reader.set()
        if self.ws:
            self.ws.close()
        self.reader.join(timeout=2)
        notif, room, counter, http = [], [], [], []
        missing = {"notification": 0, "room_event": 0, "counter": 0}
        for r in self.records:
            if "accepted" not in r or r.get("status", 0) // 100 != 2:
                continue
            http.append(r["http_ms"])
            for name, key, out in (("notification", ("notification", r["video"]), notif),
                                   ("room_event", ("video:liked", r["video"]), room)):
                t = self.frames.get(key)
                if t is None:
                    missing[name] += 1
                else:
                    out.append((t - r["accepted"]) * 1e3)
            if "counter_ms" in r:
                counter.append(r["counter_ms"])
            else:
                missing["counter"] += 1
        return {
            "interval_s": self.interval,
            "probes": len(self.records),
            "like_http_ms": percentiles(http),
            "accepted_to_notification_ms": percentiles(notif),
            "accepted_to_room_event_ms": percentiles(room),
            "accepted_to_counter_visible_ms": percentiles(counter),
            "missing": missing,
            "errors": self.errors[:20],
            "note": "from the like's 2xx response; notification = owner's `notification` frame, room_event = "
                    "`video:liked` in the video's room, counter = GET /api/videos/:id likesCount polled every 5 ms",
        }
