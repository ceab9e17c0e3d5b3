"""End-to-end: events reach their effects exactly once, and what cannot be handled goes to a
dead-letter topic that an operator can list, inspect and re-drive (tt-kafka-admin dlq).

Records are injected with kcat the way a duplicating or broken producer would send them."""

import json
import os
import sys
import unittest
import uuid
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import support  # noqa: E402
from support import eventually, holds_for, like_notifications, register_user, request  # noqa: E402


def like_event(event_id: str, liker: dict, owner: dict, video_id: str) -> str:
    return json.dumps({
        "eventId": event_id,
        "eventType": "video.liked",
        "occurredAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "producer": "interaction-service",
        "version": 1,
        "userId": liker["id"],
        "videoId": video_id,
        "videoOwnerId": owner["id"],
        "totalLikes": 1,
    })


class DeliveryTest(unittest.TestCase):
    def setUp(self):
        reason = support.kafka_available()
        if reason:
            self.fail(f"delivery tests need KAFKA_BROKERS and kcat: {reason}")
        support.wait_ready(60)

    def test_a_redelivered_event_changes_nothing_even_after_its_effect_was_undone(self):
        owner, liker = register_user("eoo"), register_user("eol")
        vid = support.create_video(owner["token"], "exactly once")["id"]
        resp = request("POST", "/api/interactions/like", {"videoId": vid}, token=liker["token"])
        self.assertIn(resp.status, (200, 201), resp.describe())
        event = eventually(
            lambda: support.kafka_find("video.liked", videoId=vid, userId=liker["id"]),
            timeout=30, desc="the like's video.liked event")[0][1]
        eventually(lambda: like_notifications(owner["token"], liker["id"], vid), timeout=30,
                   desc="the like notification")
        resp = request("POST", "/api/interactions/unlike", {"videoId": vid}, token=liker["token"])
        self.assertEqual(resp.status, 200, resp.describe())
        eventually(lambda: not like_notifications(owner["token"], liker["id"], vid), timeout=30,
                   desc="the unlike to retract the notification")

        # The same event again (a producer retry, a rewound consumer): already processed.
        support.kafka_produce("video.liked", vid, json.dumps(event), {"eventId": event["eventId"]})
        holds_for(lambda: not like_notifications(owner["token"], liker["id"], vid), duration=4,
                  desc="a redelivered like must not resurrect the retracted notification")

        # A new event (new eventId) with the same content is a new fact and is applied.
        support.kafka_produce("video.liked", vid, like_event(str(uuid.uuid4()), liker, owner, vid))
        eventually(lambda: like_notifications(owner["token"], liker["id"], vid), timeout=30,
                   desc="a new like event to be applied")

    def test_video_trending_tells_the_creator_once(self):
        owner = register_user("trd")
        vid = support.create_video(owner["token"], "going viral")["id"]
        event = json.dumps({
            "eventId": str(uuid.uuid4()), "eventType": "video.trending",
            "occurredAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "producer": "analytics-service", "version": 1,
            "videoId": vid, "videoOwnerId": owner["id"], "score": 42.5, "window": "1h",
        })
        support.kafka_produce("video.trending", vid, event)
        support.kafka_produce("video.trending", vid, event)  # a duplicate delivery

        def trending():
            return [n for n in support.list_notifications(owner["token"])
                    if n.get("type") == "trending" and n.get("relatedId") == vid]

        eventually(trending, timeout=30, desc="the trending notification")
        holds_for(lambda: len(trending()) == 1, duration=3, desc="exactly one trending notification")

    def test_poison_goes_to_the_dead_letter_topic_and_can_be_inspected_and_redriven(self):
        event_id = str(uuid.uuid4())
        before = support.metric("notification-service", "tt_consumer_dead_lettered_total",
                                group="notification-service-group") or 0
        support.kafka_produce("video.liked", "poison-key", "this is not JSON", {"eventId": event_id})
        eventually(lambda: (support.metric("notification-service", "tt_consumer_dead_lettered_total",
                                           group="notification-service-group") or 0) > before,
                   timeout=30, desc="notification-service to dead-letter the poison record")

        # the consumer moved on: a valid like is still handled
        owner, liker = register_user("dlo"), register_user("dll")
        vid = support.create_video(owner["token"], "after poison")["id"]
        request("POST", "/api/interactions/like", {"videoId": vid}, token=liker["token"])
        eventually(lambda: like_notifications(owner["token"], liker["id"], vid), timeout=30,
                   desc="a like after the poison record")

        group = "notification-service-group"  # other consumers of video.liked may dead-letter it too

        def letters():
            out = support.kafka_admin("dlq", "list", "video.liked.dlq")
            return [l for l in out.splitlines() if event_id in l and f"group {group} " in l]

        line = eventually(letters, timeout=30, desc="the letter in dlq list")[0]
        self.assertIn("pending", line)
        partition, offset = line.split()[1], line.split()[3]
        shown = json.loads(support.kafka_admin("dlq", "show", "video.liked.dlq", partition, offset))
        self.assertEqual(shown["payload"], "this is not JSON")
        self.assertEqual(shown["key"], "poison-key")
        self.assertEqual(shown["headers"]["eventId"], event_id)
        self.assertEqual(shown["headers"]["dlq.topic"], "video.liked")
        self.assertEqual(shown["headers"]["dlq.group"], group)
        self.assertIn("undecodable", shown["headers"]["dlq.error"])

        out = support.kafka_admin("dlq", "redrive", "video.liked.dlq")
        self.assertRegex(out, r"re-drove [1-9]\d* letters")
        line = next(l for l in letters() if f"offset {offset} " in l)
        self.assertIn("re-driven", line)
        # still poison: it comes back as a second letter, and nothing else happened
        eventually(lambda: len(letters()) >= 2, timeout=30,
                   desc="the re-driven poison record to be dead-lettered again")


if __name__ == "__main__":
    unittest.main()
