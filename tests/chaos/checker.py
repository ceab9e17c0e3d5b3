"""Consistency checker for a chaos run (standard library only; psql for the databases).

Reads a ledger written by loadgen.py, waits (bounded) until the system has settled, then compares
the ledger, the rows and counters of interaction-service and the notifications:

  likes / follows / views   the final row of every key is one the ledger allows: acknowledged
                            writes are present (unless undone by a later acknowledged write), writes
                            answered with an error left nothing, "no_response" ones may go either
                            way; and every acknowledged answer (changed, counted) agrees with the
                            state before it when that state is known
  comments / shares         the row a request made (found by its tag "r<id>" in the content /
                            platform) exists exactly when the ledger says so; acknowledged deletes
                            took the comment and its replies; no row the ledger cannot explain
  counters                  video_stats (likes, comments, shares, views), comments.replies_count
                            and likes_count, user_stats (followers, following) equal a recount of
                            the rows, views_count lies within the ledger's bounds, nothing negative
  notifications             exactly one per present like (not by the owner), follow, comment
                            (comment for the owner, or reply for the author answered) and mention;
                            none for anything absent (retracted), none duplicated; new_video ones
                            are only checked for duplicates (their fan-out races with follows),
                            trending ones (analytics' threshold) for duplicates and their recipient
  analytics (--analytics)   GET /api/videos/:id/stats equals the recount (uniqueViewers within 2%)

Environment (the stack's env.sh): DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD and the per-service
<SERVICE>_DB_* overrides (INTERACTION_, NOTIFICATION_), TT_GATEWAY_URL, PORT and every
<SERVICE>_HTTP_PORT (for /ready), VIEW_DEDUP_WINDOW (default 30m), KAFKA_BROKERS (evidence, via kcat).

Usage: checker.py --ledger FILE[.gz] [--analytics] [--settle-timeout 120] [--stable 5] [--quiet 50]
       [--timeouts-ambiguous] [--report FILE]
Exit code 0 when every check passed, 1 on any violation.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request

GATEWAY_URL = os.environ.get("TT_GATEWAY_URL", "http://127.0.0.1:3000").rstrip("/")
TAG = re.compile(r"\[(r\d+)\]")
EXAMPLES = 10  # violations printed per check (all of them go to the JSON report)


# ------------------------------------------------------------------------------------------------
# Access to the stack
# ------------------------------------------------------------------------------------------------


# Notifications the ledger cannot predict, checked on their own: new_video (fan-out races with
# follows) and trending (analytics-service's threshold).
SELF_CHECKED_TYPES = ("new_video", "trending")


def psql(service: str, sql: str) -> list:
    """Rows (lists of strings; NULL is '') of one query on the database of `service`."""
    prefix = service.upper()

    def setting(name: str, default: str) -> str:
        return os.environ.get(f"{prefix}_DB_{name}") or os.environ.get(f"DB_{name}") or default

    binary = shutil.which("psql") or "/usr/lib/postgresql/15/bin/psql"
    cmd = [binary, "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-F", "\x1f", "-R", "\x1e",
           "-h", setting("HOST", "127.0.0.1"), "-p", setting("PORT", "5432"), "-U", setting("USERNAME", "postgres"),
           "-d", os.environ.get(f"{prefix}_DB_NAME", f"tiktok_{service}"), "-c", sql]
    env = dict(os.environ, PGPASSWORD=setting("PASSWORD", "postgres"), PGCONNECT_TIMEOUT="5")
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"psql {service}: {proc.stderr.strip()[:500]}")
    out = proc.stdout[:-1] if proc.stdout.endswith("\n") else proc.stdout  # psql ends with a newline
    return [rec.split("\x1f") for rec in out.split("\x1e") if rec]


def uuid_array(ids) -> str:
    return "'{" + ",".join(sorted(ids)) + "}'::uuid[]"


def http_json(path: str, base: str = GATEWAY_URL, timeout: float = 5.0):
    """(status, parsed body) of a GET; (None, None) when there is no answer."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, None
    except (OSError, ValueError):
        return None, None


def ready() -> dict:
    """/ready status of the gateway (PORT) and of every service whose <NAME>_HTTP_PORT is set."""
    ports = sorted(var for var in os.environ if var == "PORT" or var.endswith("_HTTP_PORT"))
    return {var: http_json("/ready", f"http://127.0.0.1:{os.environ[var]}")[0] for var in ports}


def parse_duration(text: str) -> float:
    """Seconds of '1800', '30s', '30m', '2h', '1d'."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip()
    return float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)


# ------------------------------------------------------------------------------------------------
# The ledger
# ------------------------------------------------------------------------------------------------


def acked(rec: dict) -> bool:
    return isinstance(rec["status"], int) and 200 <= rec["status"] < 300


def unknown(rec: dict) -> bool:
    return rec["status"] == "no_response"


def describe(rec: dict) -> str:
    """One ledger request in a line (for the evidence of a violation)."""
    parts = [f"#{rec['id']} {rec['phase']} {rec['op']} seq={rec.get('seq')} -> {rec['status']}",
             time.strftime("%H:%M:%S", time.localtime(rec.get("t_sent", rec["t_sched"])))
             + f".{int(rec.get('t_sent', rec['t_sched']) * 1000) % 1000:03d}"]
    for field in ("comment", "parent", "tag"):
        if rec.get(field):
            parts.append(f"{field}={rec[field]}")
    if rec.get("resp"):
        parts.append("resp=" + json.dumps({k: v for k, v in rec["resp"].items() if k != "id"}, separators=(",", ":")))
    if rec.get("error"):
        parts.append(f"error={rec['error']!r}")
    return " ".join(parts)


def gateway_timeout(rec: dict) -> bool:
    """An answer the gateway gave because its deadline passed: the service may still commit."""
    return rec["status"] == 504 or (rec["status"] == 503 and "did not answer in time" in rec.get("error", ""))


# gRPC errors of a call whose connection broke after the request was sent (the service died): the
# service may have committed just before, so the answer says nothing about the outcome.
CONNECTION_LOST = ("Socket closed", "Connection reset", "Broken pipe", "GOAWAY", "Stream removed")


def connection_lost(rec: dict) -> bool:
    """A 503 the gateway gave because the service's connection broke during the call."""
    return rec["status"] == 503 and any(text in rec.get("error", "") for text in CONNECTION_LOST)


class Ledger:
    """Users, videos and requests of one run.

    Answers given because the service's connection broke during the call (connection_lost) always
    count as "no_response": no system can tell a client whether a process that died mid-call
    committed first. Refusals the gateway could decide (bad input, service unreachable before the
    call, database down: the service answered) stay strict.

    timeouts_ambiguous: gateway-deadline answers (504, 503 "... did not answer in time") count as
    "no_response" (outcome unknown) instead of refusals that must have had no effect.
    """

    def __init__(self, path: str, timeouts_ambiguous: bool = False):
        self.users, self.videos, self.reqs = {}, {}, []
        with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec["kind"] == "user":
                    self.users[rec["id"]] = rec["username"]
                elif rec["kind"] == "video":
                    self.videos[rec["id"]] = rec["owner"]
                else:
                    if timeouts_ambiguous and gateway_timeout(rec):
                        rec["status"], rec["error"] = "no_response", f"gateway deadline: {rec['status']} {rec['error']}"
                    elif connection_lost(rec):
                        rec["status"], rec["error"] = "no_response", f"connection lost: {rec['status']} {rec['error']}"
                    self.reqs.append(rec)
        self.reqs.sort(key=lambda r: (r["phase"] != "setup", r.get("seq", 0), r["id"]))
        self.by_name = {name: uid for uid, name in self.users.items()}
        self.by_tag = {rec["tag"]: rec for rec in self.reqs if rec.get("tag")}
        self.by_comment = collections.defaultdict(list)  # comment id -> requests naming it, in time order
        for rec in sorted(self.reqs, key=lambda r: r.get("t_sent", r["t_sched"])):
            for cid in {rec.get("comment"), rec.get("parent")} - {None}:
                self.by_comment[cid].append(rec)
        self._histories = {}
        self.span = max((r.get("t_done", 0) for r in self.reqs), default=0) - min(
            (r["t_sched"] for r in self.reqs), default=0)

    def history(self, ops: tuple) -> dict:
        """key -> the requests of those ops on it, in the order they were sent (computed once)."""
        if ops not in self._histories:
            out = collections.defaultdict(list)
            for rec in self.reqs:
                if rec["op"] in ops:
                    out[tuple(rec["key"])].append(rec)
            self._histories[ops] = dict(out)
        return self._histories[ops]

    def summary(self) -> dict:
        counts = collections.Counter()
        for rec in self.reqs:
            status = rec["status"]
            counts["no_response" if status == "no_response" else f"{status // 100}xx"] += 1
        return dict(sorted(counts.items()))


# ------------------------------------------------------------------------------------------------
# Checks
# ------------------------------------------------------------------------------------------------


def explain(history: list, op: str) -> str:
    """Why the final state of a key is wrong: which answered-with-an-error `op` must have had an effect
    after the last acknowledged request, or else an acknowledged write was lost."""
    last_ack = max((i for i, rec in enumerate(history) if acked(rec)), default=-1)
    culprits = [f"#{rec['id']} ({rec['status']})" for rec in history[last_ack + 1:]
                if rec["op"] == op and not acked(rec) and not unknown(rec)]
    if culprits:
        return f"{op} {', '.join(culprits)} answered with an error but took effect"
    return "the last acknowledged write was lost (or undone by nothing the ledger shows)"


class Checker:
    def __init__(self, ledger: Ledger, view_window: float):
        self.ledger = ledger
        self.view_window = view_window
        self.checked = collections.Counter()
        self.violations = []
        self.model = self.comment_model()

    def ok(self, check: str, n: int = 1) -> None:
        self.checked[check] += n

    def fail(self, check: str, message: str, evidence=()) -> None:
        self.checked[check] += 1
        self.violations.append({"check": check, "message": message, "evidence": list(evidence)})

    # -- state of the databases ----------------------------------------------------------------

    def load_db(self, analytics: bool = False) -> None:
        """Reads everything the checks look at (and, with analytics, the stats of every video)."""
        users, videos = uuid_array(self.ledger.users), uuid_array(self.ledger.videos)
        q = lambda sql: psql("interaction", sql)  # noqa: E731
        self.likes = {(u, v) for v, u in q(f"SELECT video_id, user_id FROM likes WHERE video_id = ANY({videos})")}
        self.follows = {(a, b) for a, b in q(
            f"SELECT follower_id, following_id FROM follows WHERE follower_id = ANY({users}) "
            f"OR following_id = ANY({users})")}
        self.views = {(viewer[2:], v) for v, viewer in q(
            f"SELECT video_id, viewer FROM view_dedup WHERE video_id = ANY({videos})")}
        self.view_rows = collections.Counter(v for _, v in self.views)
        self.comments = {r[0]: {"video": r[1], "user": r[2], "parent": r[3] or None, "content": r[4],
                                "replies_count": int(r[5]), "likes_count": int(r[6])}
                         for r in q("SELECT id, video_id, user_id, parent_id, content, replies_count, likes_count "
                                    f"FROM comments WHERE video_id = ANY({videos})")}
        self.comment_likes = collections.Counter(c for (c,) in q(
            f"SELECT l.comment_id FROM comment_likes l JOIN comments c ON c.id = l.comment_id "
            f"WHERE c.video_id = ANY({videos})"))
        self.shares = [{"id": r[0], "video": r[1], "user": r[2], "platform": r[3]} for r in q(
            f"SELECT id, video_id, user_id, platform FROM shares WHERE video_id = ANY({videos})")]
        self.video_stats = {r[0]: {"owner": r[1], "likes": int(r[2]), "comments": int(r[3]), "views": int(r[4]),
                                   "shares": int(r[5])} for r in q(
            "SELECT video_id, owner_id, likes_count, comments_count, views_count, shares_count FROM video_stats "
            f"WHERE video_id = ANY({videos})")}
        self.user_stats = {r[0]: (int(r[1]), int(r[2])) for r in q(
            f"SELECT user_id, followers_count, following_count FROM user_stats WHERE user_id = ANY({users})")}
        self.notifications = [
            {"id": r[0], "user": r[1], "type": r[2], "actor": r[3], "object": r[4], "video": r[5] or None}
            for r in psql("notification",
                          "SELECT id, user_id, type, actor_id, object_id, video_id FROM notifications "
                          f"WHERE user_id = ANY({users}) OR actor_id = ANY({users})")]
        self.analytics = {v: analytics_stats(v) for v in sorted(self.ledger.videos)} if analytics else {}

    def digest(self) -> str:
        """A fingerprint of everything load_db read (ids of notifications excluded: only their keys)."""
        notes = sorted((n["user"], n["type"], n["actor"], n["object"]) for n in self.notifications)
        state = [sorted(self.likes), sorted(self.follows), sorted(self.views), sorted(self.comments.items()),
                 sorted(r["id"] for r in self.shares), sorted(self.video_stats.items()),
                 sorted(self.user_stats.items()), notes, sorted(self.analytics.items())]
        return hashlib.sha1(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()

    def pending(self) -> int:
        """Differences the consumers still have to close: notifications (and analytics) vs the rows."""
        have = {(n["user"], n["type"], n["actor"], n["object"]) for n in self.notifications
                if n["type"] not in SELF_CHECKED_TYPES}
        return len(have ^ self.expected_notifications().keys()) + len(self.analytics_diffs())

    # -- likes, follows, views -------------------------------------------------------------------

    def check_toggles(self, name: str, on: str, off: str, present: set) -> None:
        """Likes or follows: replays each key's requests and compares with the row."""
        histories = self.ledger.history((on, off))
        for key, history in histories.items():
            possible, evidence = {False}, []
            for rec in history:
                evidence.append(describe(rec))
                target = rec["op"] == on
                if unknown(rec):
                    possible = possible | {target}
                elif acked(rec):
                    changed = rec.get("resp", {}).get("changed")
                    if changed is not None and len(possible) == 1 and changed != (target not in possible):
                        state = "present" if True in possible else "absent"
                        self.fail(f"{name}.answers", f"{name} {key}: #{rec['id']} {rec['op']} answered "
                                  f"changed={changed} although the {name} was certainly {state} before "
                                  "(an earlier write had an effect its answer denied, or was lost)", evidence)
                    else:
                        self.ok(f"{name}.answers")
                    possible = {target}
            actual = key in present
            if actual in possible:
                self.ok(f"{name}.state")
            else:
                self.fail(f"{name}.state", f"{name} {key} is {'present' if actual else 'absent'}: "
                          + explain(history, on if actual else off), evidence)
        users = self.ledger.users
        for key in present - histories.keys():
            if key[0] not in users or (name == "follow" and key[1] not in users):
                self.fail(f"{name}.state", f"{name} {key} involves a user this run does not know")
            else:
                self.fail(f"{name}.state", f"{name} {key} is present but was never requested")

    def check_views(self) -> None:
        """view_dedup rows, the counted flags, and views_count within the ledger's bounds."""
        low, high = collections.Counter(), collections.Counter()
        for key, history in self.ledger.history(("view",)).items():
            possible, last_counted, evidence = {False}, None, []
            for rec in history:
                evidence.append(describe(rec))
                if unknown(rec):
                    high[key[1]] += 1
                    possible = possible | {True}
                    last_counted = None  # may have counted: the window start is unknown
                elif acked(rec):
                    counted = rec["resp"].get("counted")
                    low[key[1]] += bool(counted)
                    high[key[1]] += bool(counted)
                    in_window = last_counted is not None and rec["t_sent"] - last_counted < self.view_window - 5
                    if counted and possible == {True} and in_window:
                        self.fail("view.answers", f"view {key}: #{rec['id']} counted again within the dedup "
                                  "window", evidence)
                    elif not counted and possible == {False}:
                        self.fail("view.answers", f"view {key}: #{rec['id']} answered counted=false for a "
                                  "first view (an earlier view answered with an error was counted)", evidence)
                    else:
                        self.ok("view.answers")
                    if counted:
                        last_counted = rec["t_sent"]
                    possible = {True}
            actual = key in self.views
            if actual in possible:
                self.ok("view.state")
            else:
                self.fail("view.state", f"view {key}: view_dedup row {'present' if actual else 'absent'}: "
                          + explain(history, "view"), evidence)
        for key in self.views - self.ledger.history(("view",)).keys():
            self.fail("view.state", f"view {key}: view_dedup row but no view was ever requested")
        for video in self.ledger.videos:
            count = self.video_stats.get(video, {}).get("views", 0)
            if low[video] <= count <= high[video]:
                self.ok("counters.views")
            else:
                self.fail("counters.views", f"video {video}: views_count {count} outside the ledger's bounds "
                          f"[{low[video]} acknowledged counted views, {high[video]} with unanswered ones]")
            if self.ledger.span < self.view_window and count != self.view_rows[video]:
                self.fail("counters.views", f"video {video}: views_count {count} != {self.view_rows[video]} "
                          "view_dedup rows (the run is shorter than the dedup window: one count per viewer)")

    # -- comments and shares ---------------------------------------------------------------------

    def check_shares(self) -> None:
        reqs = {rec["tag"]: rec for rec in self.ledger.reqs if rec["op"] == "share"}
        rows = collections.defaultdict(list)
        for row in self.shares:
            rows[row["platform"]].append(row)
        for tag, rec in reqs.items():
            found = rows.pop(tag, [])
            if len(found) > 1:
                self.fail("share.state", f"share {tag} stored {len(found)} times", [describe(rec)])
            elif acked(rec) and not found:
                self.fail("share.state", f"acknowledged share {tag} has no row", [describe(rec)])
            elif not acked(rec) and not unknown(rec) and found:
                self.fail("share.state", f"share {tag} answered {rec['status']} but stored", [describe(rec)])
            elif found and (found[0]["video"], found[0]["user"]) != (rec["video"], rec["user"]):
                self.fail("share.state", f"share {tag} stored for another video or user", [describe(rec)])
            else:
                self.ok("share.state")
        for tag, found in rows.items():
            self.fail("share.state", f"{len(found)} share row(s) with platform {tag!r} no request made",
                      [json.dumps(r) for r in found[:3]])

    def comment_model(self):
        """tag -> create request; id -> author; ids certainly / possibly deleted (with their replies)."""
        creates = {rec["tag"]: rec for rec in self.ledger.reqs if rec["op"] == "comment"}
        info = {}  # acknowledged comment id -> (author, top-level id)
        for rec in creates.values():
            if acked(rec) and rec.get("comment"):
                info[rec["comment"]] = (rec["user"], rec["resp"].get("parentId") or rec["comment"])
        deleted, maybe_deleted = set(), set()
        for rec in self.ledger.reqs:
            if rec["op"] == "comment_delete":
                if acked(rec):
                    deleted.add(rec["comment"])
                elif unknown(rec):
                    maybe_deleted.add(rec["comment"])
        return creates, info, deleted, maybe_deleted

    def check_comments(self) -> None:
        creates, info, deleted, maybe_deleted = self.model
        rows_by_tag = collections.defaultdict(list)
        for cid, row in self.comments.items():
            match = TAG.search(row["content"])
            rows_by_tag[match.group(1) if match else None].append(cid)
        for tag, rec in creates.items():
            found = rows_by_tag.pop(tag, [])
            deletes = [r for cid in {rec.get("comment"), info.get(rec.get("comment"), (None, None))[1]} - {None}
                       for r in self.ledger.by_comment.get(cid, []) if r["op"] == "comment_delete"]
            evidence = [describe(rec)] + [describe(r) for r in deletes]
            if len(found) > 1:
                self.fail("comment.state", f"comment {tag} stored {len(found)} times: {found}", evidence)
                continue
            row = self.comments[found[0]] if found else None
            if acked(rec) and rec["comment"] not in info:
                self.fail("comment.state", f"comment {tag} acknowledged without an id", evidence)
            elif acked(rec):
                top = info[rec["comment"]][1]
                gone = rec["comment"] in deleted or top in deleted
                maybe = rec["comment"] in maybe_deleted or top in maybe_deleted
                if found and found[0] != rec["comment"]:
                    self.fail("comment.state", f"comment {tag}: row id {found[0]} != acknowledged id "
                              f"{rec['comment']}", evidence)
                elif gone and found:
                    self.fail("comment.state", f"comment {tag} ({rec['comment']}) survived an acknowledged "
                              "delete (of itself or its parent)", evidence)
                elif not found and not gone and not maybe:
                    culprits = [f"#{r['id']} ({r['status']})" for r in deletes
                                if not acked(r) and not unknown(r) and r["status"] != 404]  # 404: already gone
                    why = (f"comment_delete {', '.join(culprits)} answered with an error but took effect" if culprits
                           else "no delete explains it (an acknowledged write was lost)")
                    self.fail("comment.state", f"acknowledged comment {tag} ({rec['comment']}) is gone: {why}",
                              evidence)
                else:
                    self.ok("comment.state")
            elif not unknown(rec) and found:
                self.fail("comment.state", f"comment {tag} answered {rec['status']} but stored as {found[0]}",
                          evidence)
            else:
                self.ok("comment.state")
            if row is not None:
                parent = rec.get("parent")
                want_parent = info.get(parent, (None, parent))[1] if parent else None
                if (row["video"], row["user"], row["parent"]) != (rec["video"], rec["user"], want_parent):
                    self.fail("comment.state", f"comment {tag}: stored video/user/parent "
                              f"{(row['video'], row['user'], row['parent'])} != requested "
                              f"{(rec['video'], rec['user'], want_parent)}", evidence)
        for tag, ids in rows_by_tag.items():
            self.fail("comment.state", f"{len(ids)} comment row(s) no request explains (tag {tag}): {ids[:5]}")

    # -- counters --------------------------------------------------------------------------------

    def check_counters(self) -> None:
        likes = collections.Counter(v for _, v in self.likes)
        comments = collections.Counter(row["video"] for row in self.comments.values())
        shares = collections.Counter(row["video"] for row in self.shares)
        for video, owner in self.ledger.videos.items():
            stats = self.video_stats.get(video, {"owner": owner, "likes": 0, "comments": 0, "views": 0, "shares": 0})
            if stats["owner"] != owner:
                self.fail("counters.video_stats", f"video {video}: owner_id {stats['owner']} != {owner}")
            for field, recount in (("likes", likes), ("comments", comments), ("shares", shares)):
                if stats[field] != recount[video]:
                    self.fail("counters.video_stats", f"video {video}: {field}_count {stats[field]} != "
                              f"{recount[video]} {field} rows")
                else:
                    self.ok("counters.video_stats")
            for field in ("likes", "comments", "shares", "views"):
                if stats[field] < 0:
                    self.fail("counters.negative", f"video {video}: {field}_count is {stats[field]}")
        children = collections.Counter(row["parent"] for row in self.comments.values() if row["parent"])
        for cid, row in self.comments.items():
            for field, want in (("replies_count", children[cid]), ("likes_count", self.comment_likes[cid])):
                if row[field] != want:
                    self.fail("counters.comments", f"comment {cid}: {field} {row[field]} != recount {want}")
                elif row[field] < 0:
                    self.fail("counters.negative", f"comment {cid}: {field} is {row[field]}")
                else:
                    self.ok("counters.comments")
        followers = collections.Counter(b for _, b in self.follows)
        following = collections.Counter(a for a, _ in self.follows)
        for user in self.ledger.users:
            have = self.user_stats.get(user, (0, 0))
            want = (followers[user], following[user])
            if have != want:
                self.fail("counters.user_stats", f"user {user}: (followers_count, following_count) {have} != "
                          f"recount {want}")
            elif min(have) < 0:
                self.fail("counters.negative", f"user {user}: negative follow counts {have}")
            else:
                self.ok("counters.user_stats")

    # -- notifications ---------------------------------------------------------------------------

    def expected_notifications(self) -> dict:
        """Natural key (recipient, type, actor, object) -> video id, from the rows now present."""
        owners = self.ledger.videos
        want = {}
        for user, video in self.likes:
            if video in owners and user != owners[video]:
                want[(owners[video], "like", user, video)] = video
        for follower, followee in self.follows:
            want[(followee, "follow", follower, followee)] = None
        creates, info, _, _ = self.model
        for cid, row in self.comments.items():
            match = TAG.search(row["content"])
            rec = creates.get(match.group(1)) if match else None
            if rec is None:
                continue  # reported by check_comments
            author, video = row["user"], row["video"]
            recipients = []
            if rec.get("parent"):
                recipients.append((info.get(rec["parent"], ("?",))[0], "reply"))
            else:
                recipients.append((owners.get(video), "comment"))
            for name in rec.get("mentions", []):
                if name.lower() in self.ledger.by_name:
                    recipients.append((self.ledger.by_name[name.lower()], "mention"))
            for recipient, kind in recipients:
                if recipient and recipient != author:
                    want[(recipient, kind, author, cid)] = video
        return want

    def check_notifications(self) -> None:
        want = self.expected_notifications()
        have = collections.defaultdict(list)
        for n in self.notifications:
            have[(n["user"], n["type"], n["actor"], n["object"])].append(n)
        for key, rows in have.items():
            if len(rows) > 1:
                self.fail("notifications.duplicate", f"{len(rows)} notifications for {key}",
                          [json.dumps(r) for r in rows])
        for key, video in want.items():
            rows = have.get(key)
            if not rows:
                self.fail("notifications.missing", f"no {key[1]} notification for {key[0]} from {key[2]} "
                          f"about {key[3]}", self.evidence_for(key))
            elif key[1] != "follow" and rows[0]["video"] != video:
                self.fail("notifications.video", f"{key[1]} notification {rows[0]['id']}: video_id "
                          f"{rows[0]['video']} != {video}")
            else:
                self.ok("notifications.missing")
        for key, rows in have.items():
            if key[1] == "new_video":
                self.ok("notifications.new_video")
            elif key[1] == "trending":
                # analytics-service decides (a score threshold): one per video, to its creator.
                if key[0] == key[2] and key[3] in self.ledger.videos:
                    self.ok("notifications.trending")
                else:
                    self.fail("notifications.trending", f"trending notification {rows[0]['id']} for {key[0]} "
                              f"from {key[2]} about {key[3]}: not the creator of a load video")
            elif key not in want:
                self.fail("notifications.unexpected", f"{key[1]} notification {rows[0]['id']} for {key[0]} "
                          f"from {key[2]} about {key[3]}, which does not exist (an event of a write that did not "
                          "commit was delivered, or the retraction was lost)", self.evidence_for(key))
            else:
                self.ok("notifications.unexpected")

    def evidence_for(self, key: tuple) -> list:
        """The requests behind a notification's natural key (recipient, type, actor, object)."""
        _, kind, actor, obj = key
        if kind == "like":
            return [describe(r) for r in self.ledger.history(("like", "unlike")).get((actor, obj), [])]
        if kind == "follow":
            return [describe(r) for r in self.ledger.history(("follow", "unfollow")).get((actor, obj), [])]
        found = [describe(r) for r in self.ledger.by_comment.get(obj, [])][:8]
        if not found and self.comment_events() is not None:  # an id only Kafka knows: find its request
            event = self.comment_events().get(obj)
            tag = TAG.search(event.get("content", "")) if event else None
            found = [f"comment.created {obj} at {event['occurredAt']} has no row" if event
                     else f"no comment.created event for {obj}"]
            if tag and tag.group(1) in self.ledger.by_tag:
                found.append(describe(self.ledger.by_tag[tag.group(1)]))
        return found

    def comment_events(self):
        """commentId -> comment.created payload, read once with kcat (None when Kafka cannot be read)."""
        if not hasattr(self, "_comment_events"):
            self._comment_events = None
            if os.environ.get("KAFKA_BROKERS") and shutil.which("kcat"):
                proc = subprocess.run(["kcat", "-C", "-b", os.environ["KAFKA_BROKERS"], "-t", "comment.created",
                                       "-o", "beginning", "-e", "-q", "-f", "%s\n"],
                                      capture_output=True, text=True, timeout=120, check=False)
                if proc.returncode == 0:
                    events = (json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{"))
                    self._comment_events = {e.get("commentId"): e for e in events}
        return self._comment_events

    # -- analytics -------------------------------------------------------------------------------

    def analytics_diffs(self) -> list:
        """(video, {field: (analytics, recount)}) for every video whose stats differ from the rows."""
        if not self.analytics:
            return []
        likes = collections.Counter(v for _, v in self.likes)
        comments = collections.Counter(row["video"] for row in self.comments.values())
        shares = collections.Counter(row["video"] for row in self.shares)
        out = []
        for video, stats in self.analytics.items():
            if stats is None:
                out.append((video, "GET /api/videos/:id/stats gave no stats"))
                continue
            want = {"views": self.video_stats.get(video, {}).get("views", 0), "likes": likes[video],
                    "comments": comments[video], "shares": shares[video]}
            wrong = {k: (stats.get(k), v) for k, v in want.items() if stats.get(k) != v}
            unique, viewers = stats.get("uniqueViewers"), self.view_rows[video]
            if not isinstance(unique, (int, float)) or abs(unique - viewers) > max(1.0, 0.02 * viewers):
                wrong["uniqueViewers"] = (unique, viewers)  # HyperLogLog: 2 % (at least 1) allowed
            if wrong:
                out.append((video, f"(analytics, recount) differ: {wrong}"))
        return out

    def check_analytics(self) -> None:
        diffs = dict(self.analytics_diffs())
        for video in self.ledger.videos:
            if video in diffs:
                self.fail("analytics", f"video {video}: {diffs[video]}")
            else:
                self.ok("analytics")

    def run(self, analytics: bool) -> None:
        """Every check, on the snapshot load_db read last."""
        self.check_toggles("like", "like", "unlike", self.likes)
        self.check_toggles("follow", "follow", "unfollow", self.follows)
        self.check_views()
        self.check_shares()
        self.check_comments()
        self.check_counters()
        self.check_notifications()
        if analytics:
            self.check_analytics()


ANALYTICS_TOTALS = ("views", "uniqueViewers", "likes", "comments", "shares")


def analytics_stats(video: str):
    """The analytics-service's totals of a video, or None. Trending scores are left out: they decay
    with time, so they would never read the same twice (and they are checked by the e2e tests)."""
    status, body = http_json(f"/api/videos/{video}/stats")
    if status != 200 or not isinstance(body, dict):
        return None
    data = body.get("data") if isinstance(body.get("data"), dict) else body
    return {k: data.get(k) for k in ANALYTICS_TOTALS}


# ------------------------------------------------------------------------------------------------
# Settling
# ------------------------------------------------------------------------------------------------


def settle(checker: Checker, analytics: bool, timeout: float, stable: float, quiet: float, log=print) -> tuple:
    """Re-reads the databases until the system has settled; it must stop changing within `timeout` s.

    Settled: every service is ready and the reading (a digest of every row the checks look at) has
    not changed for `stable` seconds while nothing is pending (notifications and analytics agree
    with the rows), or for `quiet` seconds whatever is pending (the consumers are done or stuck;
    longer than a consumer group's session timeout, 10 s, after which a killed member's partitions
    move on). Not settled: still changing after `timeout` seconds (so at most timeout + quiet s).
    Returns (settled, seconds waited, how); the checker keeps the last reading.
    """
    start = time.monotonic()
    last, since = None, start
    while True:
        began = time.monotonic()
        try:
            checker.load_db(analytics)
            reading = (checker.digest(), checker.pending())
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            reading = (f"error: {exc}", -1)
        now = time.monotonic()
        if reading != last:
            last, since = reading, now
        usable = reading[1] >= 0 and all(s == 200 for s in ready().values())
        if usable and reading[1] == 0 and now - since >= stable:
            return True, round(now - start, 1), "consistent"
        if usable and now - since >= quiet:
            return True, round(now - start, 1), f"quiet for {quiet:.0f}s with {reading[1]} difference(s) pending"
        if since - start >= timeout or now - start >= timeout + quiet:
            log(f"checker: the system was still changing after {timeout:.0f}s (last reading: {reading})")
            return False, round(now - start, 1), "still changing"
        time.sleep(max(1.0, 2 * (now - began)))


# ------------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------------


def check(ledger_path: str, analytics: bool = False, settle_timeout: float = 120, stable: float = 5,
          quiet: float = 50, timeouts_ambiguous: bool = False, log=print) -> dict:
    """Settles, checks, prints the report; returns {"violations", "checks", "settled", ...}."""
    ledger = Ledger(ledger_path, timeouts_ambiguous)
    checker = Checker(ledger, parse_duration(os.environ.get("VIEW_DEDUP_WINDOW", "30m")))
    settled, waited, how = settle(checker, analytics, settle_timeout, stable, quiet, log)
    if not settled:
        checker.fail("settle", f"the system was still changing {settle_timeout:.0f}s after the load")
        checker.load_db(analytics)
    checker.run(analytics)
    result = {
        "ledger": ledger_path,
        "requests": len(ledger.reqs),
        "outcomes": ledger.summary(),
        "settled": settled,
        "settle_seconds": waited,
        "settle": how,
        "checks": {name: {"checked": n, "violations": sum(1 for v in checker.violations if v["check"] == name)}
                   for name, n in sorted(checker.checked.items())},
        "violations": checker.violations,
    }
    report(result, log)
    return result


def report(result: dict, log=print) -> None:
    log(f"checker: {result['ledger']}: {result['requests']} requests {result['outcomes']}; "
        f"settled={result['settled']} after {result['settle_seconds']}s ({result['settle']})")
    for name, c in result["checks"].items():
        log(f"  {name:28} {'FAIL' if c['violations'] else 'ok  '} {c['violations']:6} violation(s) "
            f"of {c['checked']} checked")
    by_check = collections.defaultdict(list)
    for v in result["violations"]:
        by_check[v["check"]].append(v)
    for name, found in by_check.items():
        log(f"\n[{name}] {len(found)} violation(s){f', first {EXAMPLES}' if len(found) > EXAMPLES else ''}:")
        for v in found[:EXAMPLES]:
            log(f"  - {v['message']}")
            for line in v["evidence"][:8]:
                log(f"      {line}")
    log(f"checker: {'PASS' if not result['violations'] else 'FAIL'} "
        f"({len(result['violations'])} violation(s))")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", required=True)
    parser.add_argument("--analytics", action="store_true", help="also check GET /api/videos/:id/stats")
    parser.add_argument("--settle-timeout", type=float, default=120.0,
                        help="the system must stop changing within this many seconds (default 120)")
    parser.add_argument("--stable", type=float, default=5.0,
                        help="seconds a consistent reading must stay unchanged (default 5)")
    parser.add_argument("--quiet", type=float, default=50.0,
                        help="seconds an inconsistent reading must stay unchanged (default 50)")
    parser.add_argument("--timeouts-ambiguous", action="store_true",
                        help="gateway-deadline answers (504, 503 '... did not answer in time') count as unknown "
                             "outcomes instead of refusals")
    parser.add_argument("--report", help="write the result as JSON to this file")
    args = parser.parse_args(argv)
    result = check(args.ledger, args.analytics, args.settle_timeout, args.stable, args.quiet,
                   args.timeouts_ambiguous)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as fh:
            json.dump(result, fh, indent=1)
    return 1 if result["violations"] else 0


if __name__ == "__main__":
    sys.exit(main())
