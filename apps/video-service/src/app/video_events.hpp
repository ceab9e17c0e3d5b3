#pragma once

#include "store/video_store.hpp"
#include "tt/pg/connection.hpp"

namespace video::app {

// The events video-service emits, written to the outbox inside the transaction of the change: an
// event leaves (through the relay) exactly when its change commits.
void EnqueueVideoCreated(tt::pg::Connection& conn, const store::Video& video);
void EnqueueVideoUploaded(tt::pg::Connection& conn, const store::Video& video);
void EnqueueVideoDeleted(tt::pg::Connection& conn, const std::string& video_id, const std::string& owner_id);

}  // namespace video::app
