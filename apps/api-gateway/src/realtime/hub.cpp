#include "realtime/hub.hpp"

namespace gateway::realtime {

bool Hub::Register(const std::shared_ptr<Subscriber>& subscriber, const std::string& user_id) {
    std::lock_guard lock(mutex_);
    if (closing_) return false;
    auto [it, inserted] = sessions_.try_emplace(subscriber.get());
    if (!inserted) return true;
    it->second.subscriber = subscriber;
    it->second.user_id = user_id;
    users_[user_id].insert(subscriber.get());
    return true;
}

void Hub::Unregister(const Subscriber* subscriber) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(subscriber);
    if (it == sessions_.end()) return;
    for (const auto& room : it->second.rooms) {
        auto members = rooms_.find(room);
        if (members == rooms_.end()) continue;
        members->second.erase(subscriber);
        if (members->second.empty()) rooms_.erase(members);
    }
    auto sockets = users_.find(it->second.user_id);
    if (sockets != users_.end()) {
        sockets->second.erase(subscriber);
        if (sockets->second.empty()) users_.erase(sockets);
    }
    sessions_.erase(it);
}

Hub::JoinResult Hub::Join(const Subscriber* subscriber, const std::string& room) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(subscriber);
    if (it == sessions_.end()) return JoinResult::kNotRegistered;
    auto& rooms = it->second.rooms;
    if (rooms.count(room) != 0) return JoinResult::kJoined;
    if (rooms.size() >= max_rooms_) return JoinResult::kTooManyRooms;
    rooms.insert(room);
    rooms_[room].insert(subscriber);
    return JoinResult::kJoined;
}

bool Hub::Leave(const Subscriber* subscriber, const std::string& room) {
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(subscriber);
    if (it == sessions_.end() || it->second.rooms.erase(room) == 0) return false;
    auto members = rooms_.find(room);
    if (members != rooms_.end()) {
        members->second.erase(subscriber);
        if (members->second.empty()) rooms_.erase(members);
    }
    return true;
}

std::vector<std::shared_ptr<Subscriber>> Hub::LiveLocked(const Members& members) const {
    std::vector<std::shared_ptr<Subscriber>> out;
    out.reserve(members.size());
    for (const auto* member : members) {
        auto it = sessions_.find(member);
        if (it == sessions_.end()) continue;
        if (auto live = it->second.subscriber.lock()) out.push_back(std::move(live));
    }
    return out;
}

std::size_t Hub::DeliverAll(const std::vector<std::shared_ptr<Subscriber>>& targets,
                            const std::shared_ptr<const std::string>& frame) {
    for (const auto& target : targets) target->Deliver(frame);
    return targets.size();
}

std::size_t Hub::PublishTo(const std::unordered_map<std::string, Members>& index, const std::string& key,
                           const std::shared_ptr<const std::string>& frame) {
    std::vector<std::shared_ptr<Subscriber>> targets;
    {
        std::lock_guard lock(mutex_);
        auto it = index.find(key);
        if (it == index.end()) return 0;
        targets = LiveLocked(it->second);
    }
    return DeliverAll(targets, frame);  // outside the lock: delivery only queues
}

std::size_t Hub::PublishToRoom(const std::string& room, const std::shared_ptr<const std::string>& frame) {
    return PublishTo(rooms_, room, frame);
}

std::size_t Hub::PublishToUser(const std::string& user_id, const std::shared_ptr<const std::string>& frame) {
    return PublishTo(users_, user_id, frame);
}

std::size_t Hub::Broadcast(const std::shared_ptr<const std::string>& frame) {
    std::vector<std::shared_ptr<Subscriber>> targets;
    {
        std::lock_guard lock(mutex_);
        targets.reserve(sessions_.size());
        for (const auto& [key, entry] : sessions_) {
            if (auto live = entry.subscriber.lock()) targets.push_back(std::move(live));
        }
    }
    return DeliverAll(targets, frame);
}

std::size_t Hub::CloseAll() {
    std::vector<std::shared_ptr<Subscriber>> targets;
    {
        std::lock_guard lock(mutex_);
        closing_ = true;
        for (const auto& [key, entry] : sessions_) {
            if (auto live = entry.subscriber.lock()) targets.push_back(std::move(live));
        }
    }
    for (const auto& target : targets) target->Shutdown();
    return targets.size();
}

std::size_t Hub::SessionCount() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

std::size_t Hub::RoomCount() const {
    std::lock_guard lock(mutex_);
    return rooms_.size();
}

std::size_t Hub::RoomSize(const std::string& room) const {
    std::lock_guard lock(mutex_);
    auto it = rooms_.find(room);
    return it == rooms_.end() ? 0 : it->second.size();
}

std::size_t Hub::UserSocketCount(const std::string& user_id) const {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user_id);
    return it == users_.end() ? 0 : it->second.size();
}

}  // namespace gateway::realtime
