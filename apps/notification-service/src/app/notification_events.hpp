#pragma once

#include "store/notification_store.hpp"
#include "tt/core/clock.hpp"
#include "tt/events/notification_created.hpp"

namespace tt::kafka {
class Producer;
}

namespace notification::app {

// The notification.created event of a stored notification. metadata: videoId when it is about a
// video; commentId for comment, reply and comment-mention notifications.
tt::events::NotificationCreatedEvent CreatedEventOf(const store::Notification& notification, tt::TimePoint now);

// Publishes notification.created (key = recipient) and blocks until Kafka acknowledged it; throws
// tt::Error(kUnavailable) otherwise, which rolls the insert back (NotificationStore::InsertedHook).
void PublishCreated(tt::kafka::Producer& producer, const store::Notification& notification);

}  // namespace notification::app
