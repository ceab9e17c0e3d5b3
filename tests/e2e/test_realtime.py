"""End-to-end: real time over WebSocket (GET /ws).

A second api-gateway process is started (same services, same Kafka; a small room limit, one allowed
CORS origin). Clients connect to it while every write goes through the shared gateway, so each event
crosses Kafka and reaches the other gateway instance: likes, comments, views, notifications and new
videos. Also: refused upgrades (401, 403, 400), leave_video, protocol errors, limits, a client that
never reads being dropped while a reading client in the same room gets every event (synthetic
video.viewed records written with kcat at a steady pace) and close frames on shutdown.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import GATEWAY_URL, eventually, register_user, request  # noqa: E402
from ws_client import ConnectionClosed, HandshakeRejected, WebSocket  # noqa: E402

BUILD_DIR = Path(os.environ.get("TT_BUILD_DIR", support.REPO_ROOT / "build"))
ALLOWED_ORIGIN = "http://app.e2e.example"
QUEUE_LIMIT = 256
MAX_ROOMS = 5


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gateway:
    """An extra api-gateway process with its own port, log file and settings."""

    def __init__(self, name: str, **env_overrides):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, PORT=str(self.port), LOG_LEVEL="info", **env_overrides)
        log_dir = Path(support.STATE_DIR or "/tmp", "logs")
        log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = log_dir / f"api-gateway-{name}-{self.port}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([str(BUILD_DIR / "bin" / "api-gateway")], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            eventually(lambda: (r := support.try_request("GET", "/health", base_url=self.base, timeout=2)) is not None
                       and r.status == 200, timeout=30, desc=f"gateway {name} to start (log: {self.log_path})")
        except AssertionError:
            self.stop()
            raise

    def log_entries(self) -> list:
        out = []
        with open(self.log_path, encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.strip()
                if line.startswith("{"):
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        pass
        return out

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def ws_path(token: str) -> str:
    return f"/ws?token={token}"


def is_event(name: str, **data):
    """A predicate for frames of event `name` whose data has these fields."""
    def check(frame):
        return frame.get("event") == name and all(frame.get("data", {}).get(k) == v for k, v in data.items())
    return check


def assert_recent_timestamp(test, value):
    test.assertIsInstance(value, str)
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    test.assertLess(abs((datetime.now(timezone.utc) - when).total_seconds()), 600, value)


class ViewFeed:
    """Writes synthetic video.viewed records for one video id to Kafka through one kcat process."""

    def __init__(self, video_id: str):
        self.video_id = video_id
        self.sent = 0
        self.returncode = None
        self.errors = ""
        self.proc = subprocess.Popen(["kcat", "-P", "-b", support.KAFKA_BROKERS, "-t", "video.viewed", "-K", "\t"],
                                     stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def send(self, count: int, per_tick: int = 10, tick: float = 0.01) -> bool:
        """`count` records, `per_tick` at a time (a pace, not a wait for anything)."""
        now = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        for _ in range(0, count, per_tick):
            lines = []
            for _ in range(per_tick):
                self.sent += 1
                payload = {"videoId": self.video_id, "totalViews": self.sent, "eventId": str(uuid.uuid4()),
                           "eventType": "video.viewed", "occurredAt": now, "producer": "e2e-realtime", "version": 1}
                lines.append(f"{self.video_id}\t{json.dumps(payload)}\n")
            self.proc.stdin.write("".join(lines))
            self.proc.stdin.flush()
            time.sleep(tick)
        return True

    def close(self) -> int:
        if self.returncode is None:
            self.proc.stdin.close()
            self.errors = self.proc.stderr.read()
            self.returncode = self.proc.wait(timeout=60)
        return self.sent


class RealtimeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        support.wait_ready(60)
        cls.gw2 = Gateway("realtime", WS_SEND_QUEUE_LIMIT=str(QUEUE_LIMIT), WS_MAX_ROOMS=str(MAX_ROOMS),
                          CORS_ORIGIN=ALLOWED_ORIGIN)
        try:
            # Each gateway consumes from the latest offset once its group has partitions: wait until
            # an event made now actually arrives, on both instances.
            prober = register_user("rtp")
            cls.wait_bridge(cls.gw2.base, prober)
            cls.wait_bridge(GATEWAY_URL, prober)
        except Exception:
            cls.gw2.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.gw2.stop()
        errors = [e for e in cls.gw2.log_entries() if str(e.get("level", "")).lower() in ("error", "fatal")]
        if errors:
            raise AssertionError(f"the second gateway logged ERROR lines: {errors[:5]}")

    @staticmethod
    def wait_bridge(base, user):
        video_id = support.create_video(user["token"], "realtime probe")["id"]
        with WebSocket.connect(base, ws_path(user["token"])) as ws:
            ws.send_json({"event": "join_video", "data": {"videoId": video_id}})
            ws.wait_for(is_event("join_video"), desc="the join ack")

            def probe():
                # Anonymous views always count (a fresh tt_sid each time), so each publishes video.viewed.
                request("POST", "/api/interactions/view", {"videoId": video_id})
                try:
                    ws.wait_for(is_event("video:views_updated", videoId=video_id), timeout=2)
                    return True
                except AssertionError:
                    return False

            eventually(probe, timeout=120, interval=0, desc=f"the real-time bridge of {base} to deliver")

    # --------------------------------------------------------------------------------------------

    def connect(self, user, base=None, **kwargs) -> WebSocket:
        ws = WebSocket.connect(base or self.gw2.base, ws_path(user["token"]), **kwargs)
        self.addCleanup(ws.close)
        return ws

    def join(self, ws, video_id, event="join_video"):
        ws.send_json({"event": event, "data": {"videoId": video_id}})
        ack, _ = ws.wait_for(is_event(event), desc=f"the {event} ack")
        self.assertEqual(ack["data"], {"success": True, "room": f"video:{video_id}"})
        return ack

    def barrier(self, ws):
        """Returns the frames that were queued for `ws` before this point. Every event the hub handed
        to this socket before the barrier is written before the barrier's ack (one strand, FIFO)."""
        ws.send_json({"event": "join_video", "data": {"videoId": str(uuid.uuid4())}})
        _, before = ws.wait_for(is_event("join_video"), desc="the barrier ack")
        ws.send_json({"event": "leave_video", "data": {"videoId": str(uuid.uuid4())}})
        ws.wait_for(is_event("leave_video"), desc="the barrier leave ack")
        return before

    def ok(self, resp, status=200):
        self.assertEqual(resp.status, status, resp.describe())
        return resp.data

    # --------------------------------------------------------------------------------------------

    def test_room_events_reach_every_gateway_instance(self):
        owner = register_user("rto")
        fan = register_user("rtf", full_name="Fan Of Videos")
        video_id = support.create_video(owner["token"], "realtime room")["id"]
        ws = self.connect(owner)  # on the second gateway
        other_instance = self.connect(owner, base=GATEWAY_URL)  # on the shared one
        self.join(ws, video_id)
        self.join(other_instance, video_id)

        liked = self.ok(request("POST", "/api/interactions/like", {"videoId": video_id}, token=fan["token"]), 201)
        frame, _ = ws.wait_for(is_event("video:liked", videoId=video_id), desc="video:liked")
        self.assertEqual(set(frame["data"]), {"videoId", "userId", "totalLikes", "timestamp"})
        self.assertEqual((frame["data"]["userId"], frame["data"]["totalLikes"]), (fan["id"], liked["likesCount"]))
        self.assertEqual(frame["data"]["totalLikes"], 1)
        assert_recent_timestamp(self, frame["data"]["timestamp"])
        same, _ = other_instance.wait_for(is_event("video:liked", videoId=video_id), desc="video:liked on gateway 1")
        self.assertEqual(same, frame)

        self.ok(request("POST", "/api/interactions/unlike", {"videoId": video_id}, token=fan["token"]))
        frame, _ = ws.wait_for(is_event("video:unliked", videoId=video_id), desc="video:unliked")
        self.assertEqual((frame["data"]["userId"], frame["data"]["totalLikes"]), (fan["id"], 0))

        comment = self.ok(request("POST", "/api/interactions/comment", {"videoId": video_id, "content": "so good"},
                                  token=fan["token"]), 201)
        frame, _ = ws.wait_for(is_event("video:comment", videoId=video_id), desc="video:comment")
        data = frame["data"]
        self.assertEqual((data["commentId"], data["userId"], data["content"], data["totalComments"]),
                         (comment["id"], fan["id"], "so good", 1))
        self.assertEqual(data["user"], {"id": fan["id"], "username": fan["username"], "fullName": "Fan Of Videos",
                                        "avatar": None})
        self.assertIsNone(data["parentId"])
        assert_recent_timestamp(self, data["timestamp"])

        self.ok(request("DELETE", f"/api/interactions/comment/{comment['id']}", token=fan["token"]))
        frame, _ = ws.wait_for(is_event("video:comment_deleted", videoId=video_id), desc="video:comment_deleted")
        self.assertEqual((frame["data"]["commentId"], frame["data"]["totalComments"]), (comment["id"], 0))
        self.assertEqual(frame["data"]["deletedIds"], [comment["id"]])

        views = self.ok(request("POST", "/api/interactions/view", {"videoId": video_id}, token=fan["token"]))
        frame, _ = ws.wait_for(is_event("video:views_updated", videoId=video_id), desc="video:views_updated")
        self.assertEqual(set(frame["data"]), {"videoId", "totalViews", "timestamp"})
        self.assertEqual(frame["data"]["totalViews"], views["views"])

    def test_leave_video_stops_room_events(self):
        owner = register_user("rtl")
        video_id = support.create_video(owner["token"], "realtime leave")["id"]
        leaving = self.connect(owner)
        staying = self.connect(owner)
        self.join(leaving, video_id)
        self.join(staying, video_id)
        self.join(leaving, video_id, event="leave_video")
        self.ok(request("POST", "/api/interactions/view", {"videoId": video_id}))
        staying.wait_for(is_event("video:views_updated", videoId=video_id), desc="the event in the room")
        # The hub handed that event to its room already; had `leaving` still been a member, the frame
        # would sit in its queue ahead of the barrier's ack.
        before = self.barrier(leaving)
        self.assertFalse([f for f in before if f.get("event", "").startswith("video:views")], before)

    def test_notifications_reach_every_socket_of_the_recipient_only(self):
        owner = register_user("rtn")
        fan = register_user("rtg")
        video_id = support.create_video(owner["token"], "realtime notification")["id"]
        tab1 = self.connect(owner)
        login = support.login(owner["username"])
        cookie = login.cookies["access_token"]["value"]
        tab2 = WebSocket.connect(self.gw2.base, "/ws", headers={"Cookie": f"access_token={cookie}",
                                                                "Origin": ALLOWED_ORIGIN})
        self.addCleanup(tab2.close)
        bystander = self.connect(fan)

        self.ok(request("POST", "/api/interactions/like", {"videoId": video_id}, token=fan["token"]), 201)
        for tab in (tab1, tab2):
            frame, _ = tab.wait_for(is_event("notification", type="like"), desc="the like notification")
            data = frame["data"]
            self.assertEqual(set(data), {"id", "type", "message", "actorId", "metadata", "timestamp"})
            self.assertEqual((data["actorId"], data["metadata"]), (fan["id"], {"videoId": video_id}))
            self.assertEqual(data["message"], "Someone liked your video")
            uuid.UUID(data["id"])
            assert_recent_timestamp(self, data["timestamp"])
        stored = support.like_notifications(owner["token"], fan["id"], video_id)
        self.assertEqual([n["id"] for n in stored], [data["id"]])
        self.assertFalse([f for f in self.barrier(bystander) if f.get("event") == "notification"])

        self.assertEqual(request("POST", f"/api/users/{owner['id']}/follow", token=fan["token"]).status, 201)
        frame, _ = tab1.wait_for(is_event("notification", type="follow"), desc="the follow notification")
        self.assertEqual((frame["data"]["actorId"], frame["data"]["metadata"]), (fan["id"], {}))

        comment = self.ok(request("POST", "/api/interactions/comment", {"videoId": video_id, "content": "hey"},
                                  token=fan["token"]), 201)
        frame, _ = tab2.wait_for(is_event("notification", type="comment"), desc="the comment notification")
        self.assertEqual(frame["data"]["metadata"], {"videoId": video_id, "commentId": comment["id"]})
        self.assertEqual(frame["data"]["message"], "Someone commented on your video")

    def test_public_videos_are_announced_to_everyone_private_ones_to_nobody(self):
        creator = register_user("rtv")
        watcher = register_user("rtw")
        ws = self.connect(watcher)
        clip = support.make_clip(1)
        private = support.upload("/api/videos", creator["token"], {"title": "secret", "isPublic": "false"}, clip)
        self.assertEqual(private.status, 201, private.describe())
        ready = support.wait_video_status(creator["token"], private.data["id"])
        self.assertEqual((ready["status"], ready["isPublic"]), ("ready", False))
        # Its video.created is in Kafka before the public one below is even created.
        if not support.kafka_available():
            support.wait_kafka_event("video.created", videoId=ready["id"])

        public = support.create_video(creator["token"], "hello world", thumbnailUrl="https://cdn.example.com/t.jpg")
        frame, skipped = ws.wait_for(is_event("video:new", videoId=public["id"]), desc="video:new")
        self.assertEqual(frame["data"]["userId"], creator["id"])
        self.assertEqual(frame["data"]["title"], "hello world")
        self.assertEqual(frame["data"]["thumbnailUrl"], "https://cdn.example.com/t.jpg")
        assert_recent_timestamp(self, frame["data"]["timestamp"])
        self.assertFalse([f for f in skipped if f.get("data", {}).get("videoId") == ready["id"]], skipped)

    def test_upgrades_without_valid_credentials_are_refused(self):
        user = register_user("rta")
        for path, headers, status in [
            ("/ws", {}, 401),
            ("/ws?token=not.a.token", {}, 401),
            ("/ws", {"Authorization": "Bearer nope"}, 401),
            ("/ws", {"Cookie": f"access_token={user['token']}", "Origin": "https://evil.example"}, 403),
        ]:
            with self.assertRaises(HandshakeRejected, msg=f"{path} {headers}") as refused:
                WebSocket.connect(self.gw2.base, path, headers=headers)
            self.assertEqual(refused.exception.status, status, refused.exception.body)
            body = refused.exception.json
            self.assertEqual((body["statusCode"], body["path"], body["method"]), (status, "/ws", "GET"), body)
            self.assertTrue(body["message"])
            self.assertNotIn("upgrade", refused.exception.headers.get("connection", "").lower())
        # The same cookie from the allowed origin (or with no Origin: not a browser) is fine.
        for headers in ({"Cookie": f"access_token={user['token']}", "Origin": ALLOWED_ORIGIN},
                        {"Cookie": f"access_token={user['token']}"},
                        {"Authorization": f"Bearer {user['token']}"}):
            WebSocket.connect(self.gw2.base, "/ws", headers=headers).close()
        # A plain GET is not an upgrade.
        resp = request("GET", "/ws", token=user["token"], base_url=self.gw2.base)
        self.assertEqual(resp.status, 400, resp.describe())
        self.assertIn("WebSocket", resp.json["message"])

    def test_bad_messages_get_an_error_and_the_socket_stays_open(self):
        user = register_user("rtb")
        ws = self.connect(user)
        for text in ["not json", '{"event":"dance","data":{}}', '{"event":"join_video","data":{"videoId":"x"}}',
                     '{"event":"join_video"}']:
            ws.send_text(text)
            frame = ws.recv_json()
            self.assertEqual(frame["event"], "error", text)
            self.assertTrue(frame["data"]["message"], text)
        rooms = [str(uuid.uuid4()) for _ in range(MAX_ROOMS)]
        for room in rooms:
            self.join(ws, room)
        ws.send_json({"event": "join_video", "data": {"videoId": str(uuid.uuid4())}})
        frame = ws.recv_json()
        self.assertEqual(frame["event"], "error")
        self.assertIn("leave_video", frame["data"]["message"])
        self.join(ws, rooms[0], event="leave_video")
        self.join(ws, str(uuid.uuid4()))
        # Messages larger than WS_MAX_MESSAGE_BYTES (4 KiB) close the socket with 1009.
        ws.send_text(json.dumps({"event": "join_video", "data": {"videoId": "x" * 5000}}))
        with self.assertRaises(ConnectionClosed) as closed:
            ws.recv_json()
        self.assertEqual(closed.exception.code, 1009)

    def test_a_client_that_never_reads_is_dropped_and_others_keep_receiving(self):
        reason = support.kafka_available()
        if reason:
            self.fail(f"needs KAFKA_BROKERS and kcat to feed the bridge: {reason}")
        slow_user = register_user("rts")
        fast_user = register_user("rtk")
        room = str(uuid.uuid4())
        slow = WebSocket.connect(self.gw2.base, ws_path(slow_user["token"]), rcvbuf=4096)
        self.addCleanup(slow.close)
        self.join(slow, room)
        fast = self.connect(fast_user)
        self.join(fast, room)

        # `fast` reads everything as it comes, `slow` nothing from now on.
        views, fast_closed, done = [], [], threading.Event()

        def read_fast():
            try:
                while not done.is_set():
                    try:
                        frame = fast.recv_json(timeout=0.5)
                    except TimeoutError:
                        continue
                    if is_event("video:views_updated", videoId=room)(frame):
                        views.append(frame["data"]["totalViews"])
            except (ConnectionClosed, OSError) as exc:
                fast_closed.append(exc)

        reader = threading.Thread(target=read_fast, daemon=True)
        reader.start()
        self.addCleanup(reader.join, 5)
        self.addCleanup(done.set)

        # Synthetic video.viewed records for the room at a steady pace that a reading client keeps up
        # with: they fill the TCP buffers of `slow`, then its send queue (WS_SEND_QUEUE_LIMIT).
        feed = ViewFeed(room)
        self.addCleanup(feed.close)
        eventually(lambda: feed.send(200) and self.drop_logged(slow_user["id"]), timeout=120, interval=0,
                   desc="the client that never reads to be dropped")
        sent = feed.close()
        self.assertEqual(feed.returncode, 0, feed.errors)

        # The reader got every record, in order, and is still connected.
        eventually(lambda: views and views[-1] == sent, timeout=30, desc=f"all {sent} views at the reading client")
        self.assertEqual(views, list(range(1, sent + 1)))
        self.assertFalse(fast_closed, fast_closed)
        # The dropped client gets what was already in flight, then close 1008 (or the connection is
        # cut when it does not answer in time): far fewer frames than were sent.
        received = 0
        with self.assertRaises(ConnectionClosed) as closed:
            while True:
                slow.recv(timeout=30)
                received += 1
        self.assertIn(closed.exception.code, (1008, None), closed.exception)
        self.assertLess(received, sent)

    def drop_logged(self, user_id: str) -> bool:
        return any(e.get("msg", "").startswith("dropping a slow WebSocket client") and e.get("userId") == user_id
                   for e in self.gw2.log_entries())

    def test_shutdown_closes_sockets_with_going_away(self):
        gateway = Gateway("realtime-stop")
        try:
            user = register_user("rtz")
            ws = WebSocket.connect(gateway.base, ws_path(user["token"]))
            self.addCleanup(ws.close)
            self.join(ws, str(uuid.uuid4()))
            gateway.proc.send_signal(signal.SIGTERM)
            with self.assertRaises(ConnectionClosed) as closed:
                ws.recv_json(timeout=20)
            self.assertEqual(closed.exception.code, 1001)
            self.assertEqual(gateway.proc.wait(timeout=30), 0)
        finally:
            gateway.stop()
        messages = [e.get("msg") for e in gateway.log_entries()]
        self.assertIn("closing websockets", messages)
        self.assertIn("api-gateway stopped", messages)


if __name__ == "__main__":
    unittest.main()
