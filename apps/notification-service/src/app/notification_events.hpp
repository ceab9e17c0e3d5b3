#pragma once

#include "store/notification_store.hpp"
#include "tt/core/clock.hpp"
#include "tt/events/notification_created.hpp"

namespace notification::app {

// The notification.created event of a stored notification. metadata: videoId when it is about a
// video; commentId for comment, reply and comment-mention notifications.
tt::events::NotificationCreatedEvent CreatedEventOf(const store::Notification& notification, tt::TimePoint now);

// Enqueues notification.created (key = recipient) in the insert's transaction
// (NotificationStore::InsertedHook).
void EnqueueCreated(tt::pg::Connection& conn, const store::Notification& notification);

}  // namespace notification::app
