#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gateway::realtime {

// A connected WebSocket client as the hub sees it (WsSession; fakes in tests).
class Subscriber {
public:
    virtual ~Subscriber() = default;
    // Hands a text frame to the client. Thread-safe and non-blocking: it only posts to the client's
    // own executor, where the frame is queued (or the client dropped when its queue is full).
    virtual void Deliver(std::shared_ptr<const std::string> frame) = 0;
    // Ends the session with a "going away" close frame (gateway shutdown). Thread-safe, non-blocking.
    virtual void Shutdown() = 0;
};

// Who receives what: rooms ("video:<id>" -> sessions), users (userId -> every socket of that user,
// one per browser tab) and everyone (video:new). Holds weak references only; sessions unregister
// themselves when they end. Thread-safe (one mutex); Publish* collect the recipients under the lock
// and deliver after releasing it, so the Kafka consumer thread never waits on a client.
class Hub {
public:
    explicit Hub(std::size_t max_rooms_per_session) : max_rooms_(max_rooms_per_session) {}

    // Adds a session for `user_id`. false once CloseAll() ran (the caller closes the session).
    bool Register(const std::shared_ptr<Subscriber>& subscriber, const std::string& user_id);
    // Forgets the session and its rooms. Idempotent; safe from the subscriber's destructor.
    void Unregister(const Subscriber* subscriber);

    enum class JoinResult { kJoined, kTooManyRooms, kNotRegistered };
    // Joining a room the session is already in is kJoined and changes nothing.
    JoinResult Join(const Subscriber* subscriber, const std::string& room);
    // true when the session was in the room.
    bool Leave(const Subscriber* subscriber, const std::string& room);

    // Each returns how many sessions were handed the frame.
    std::size_t PublishToRoom(const std::string& room, const std::shared_ptr<const std::string>& frame);
    std::size_t PublishToUser(const std::string& user_id, const std::shared_ptr<const std::string>& frame);
    std::size_t Broadcast(const std::shared_ptr<const std::string>& frame);

    // Refuses new sessions from now on and asks every session to close; returns how many were asked.
    std::size_t CloseAll();

    // A client was dropped because its send queue was full (counted for logs and tests).
    void CountDropped() { ++dropped_; }
    std::uint64_t DroppedCount() const { return dropped_; }
    std::size_t SessionCount() const;
    std::size_t RoomCount() const;
    std::size_t RoomSize(const std::string& room) const;
    std::size_t UserSocketCount(const std::string& user_id) const;

private:
    struct Entry {
        std::weak_ptr<Subscriber> subscriber;
        std::string user_id;
        std::set<std::string> rooms;
    };
    using Members = std::unordered_set<const Subscriber*>;

    // Live subscribers among `members` (caller holds mutex_).
    std::vector<std::shared_ptr<Subscriber>> LiveLocked(const Members& members) const;
    // The live members of index[key] (rooms_ or users_), then the frame to each.
    std::size_t PublishTo(const std::unordered_map<std::string, Members>& index, const std::string& key,
                          const std::shared_ptr<const std::string>& frame);
    static std::size_t DeliverAll(const std::vector<std::shared_ptr<Subscriber>>& targets,
                                  const std::shared_ptr<const std::string>& frame);

    const std::size_t max_rooms_;
    mutable std::mutex mutex_;
    bool closing_ = false;
    std::unordered_map<const Subscriber*, Entry> sessions_;
    std::unordered_map<std::string, Members> rooms_;
    std::unordered_map<std::string, Members> users_;
    std::atomic<std::uint64_t> dropped_{0};
};

}  // namespace gateway::realtime
