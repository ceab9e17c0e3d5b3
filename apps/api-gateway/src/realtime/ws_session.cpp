#include "realtime/ws_session.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include "realtime/protocol.hpp"
#include "tt/core/log.hpp"

namespace gateway::realtime {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {

constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

// Adds the request id to the 101 answer.
struct HandshakeDecorator {
    std::string request_id;
    void operator()(websocket::response_type& response) const { response.set("X-Request-Id", request_id); }
};

std::string DescribeEnd(const boost::system::error_code& ec, const websocket::close_reason& reason) {
    if (ec == websocket::error::closed) return "closed with code " + std::to_string(reason.code);
    if (ec == beast::error::timeout) return "timed out (no answer to pings)";
    if (ec == websocket::error::message_too_big) return "client message larger than WS_MAX_MESSAGE_BYTES";
    return ec.message();
}

}  // namespace

WsSession::WsSession(asio::ip::tcp::socket socket, Hub& hub, SessionOptions options, std::string user_id,
                     std::string request_id)
    : ws_(std::move(socket)),
      kill_timer_(ws_.get_executor()),
      hub_(hub),
      options_(options),
      user_id_(std::move(user_id)),
      request_id_(std::move(request_id)),
      queue_(options.send_queue_frames, options.send_queue_bytes) {}

WsSession::~WsSession() {
    hub_.Unregister(this);
}

void WsSession::Start(tt::http::Request upgrade) {
    // Server pings an idle client and closes it when it does not answer; handshake and close time out.
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.set_option(websocket::stream_base::decorator(HandshakeDecorator{request_id_}));
    ws_.read_message_max(options_.max_message_bytes);
    asio::co_spawn(ws_.get_executor(), Run(shared_from_this(), std::move(upgrade)), asio::detached);
}

void WsSession::Deliver(std::shared_ptr<const std::string> frame) {
    auto offered = Offer(std::move(frame));
    if (offered == Offered::kStartWriting) {
        asio::post(ws_.get_executor(), [self = shared_from_this()] { self->WriteNext(); });
    } else if (offered == Offered::kOverflow) {
        asio::post(ws_.get_executor(), [self = shared_from_this()] { self->Drop(); });
    }
}

void WsSession::Shutdown() {
    asio::post(ws_.get_executor(),
               [self = shared_from_this()] { self->Close(websocket::close_code::going_away, "server shutting down"); });
}

asio::awaitable<void> WsSession::Run(std::shared_ptr<WsSession> self, tt::http::Request upgrade) {
    std::string reason;
    try {
        reason = co_await self->Serve(std::move(upgrade));
    } catch (const std::exception& e) {
        reason = e.what();
        tt::log::Error("websocket session failed unexpectedly",
                       {{"userId", self->user_id_}, {"error", e.what()}, {"requestId", self->request_id_}});
    }
    self->Finish();
    tt::log::Info("websocket disconnected",
                  {{"userId", self->user_id_}, {"reason", reason}, {"requestId", self->request_id_}});
}

asio::awaitable<std::string> WsSession::Serve(tt::http::Request upgrade) {
    auto [accept_ec] = co_await ws_.async_accept(upgrade, kUseTuple);
    if (accept_ec) co_return "handshake failed: " + accept_ec.message();
    state_ = State::kOpen;
    {
        std::lock_guard lock(mutex_);
        accepting_ = true;
    }
    if (hub_.Register(shared_from_this(), user_id_)) {
        tt::log::Info("websocket connected", {{"userId", user_id_}, {"requestId", request_id_}});
    } else {
        Close(websocket::close_code::going_away, "server shutting down");
    }
    beast::flat_buffer buffer;
    std::string reason;
    for (;;) {
        auto [ec, bytes] = co_await ws_.async_read(buffer, kUseTuple);
        (void)bytes;
        if (ec) {
            reason = DescribeEnd(ec, ws_.reason());
            break;
        }
        std::string text = beast::buffers_to_string(buffer.data());
        buffer.consume(buffer.size());
        OnMessage(text, ws_.got_text());
    }
    co_return reason;
}

void WsSession::OnMessage(const std::string& text, bool is_text) {
    if (state_ != State::kOpen) return;
    if (!is_text) {
        Reply(ErrorFrame("Binary frames are not supported: send JSON text frames"));
        return;
    }
    auto request = ParseClientRequest(text);
    if (request.kind == ClientRequest::Kind::kInvalid) {
        Reply(ErrorFrame(request.error));
        return;
    }
    auto room = VideoRoom(request.video_id);
    if (request.kind == ClientRequest::Kind::kLeaveVideo) {
        hub_.Leave(this, room);
        Reply(AckFrame(kLeaveVideo, room));
        return;
    }
    switch (hub_.Join(this, room)) {
        case Hub::JoinResult::kJoined:
            Reply(AckFrame(kJoinVideo, room));
            break;
        case Hub::JoinResult::kTooManyRooms:
            Reply(ErrorFrame("Too many rooms joined: send leave_video for videos no longer shown, then join again"));
            break;
        case Hub::JoinResult::kNotRegistered:
            break;  // the session is being dropped
    }
}

void WsSession::Reply(std::string frame) {
    // Already on the strand: act at once.
    auto offered = Offer(std::make_shared<const std::string>(std::move(frame)));
    if (offered == Offered::kStartWriting) {
        WriteNext();
    } else if (offered == Offered::kOverflow) {
        Drop();
    }
}

WsSession::Offered WsSession::Offer(std::shared_ptr<const std::string> frame) {
    std::lock_guard lock(mutex_);
    if (!accepting_) return Offered::kRefused;
    if (!queue_.Push(std::move(frame))) {
        accepting_ = false;  // nothing more is queued; Drop() follows on the strand
        return Offered::kOverflow;
    }
    if (writing_) return Offered::kQueued;
    writing_ = true;
    return Offered::kStartWriting;
}

void WsSession::Drop() {
    if (state_ != State::kOpen) return;
    std::size_t frames = 0;
    std::size_t bytes = 0;
    {
        std::lock_guard lock(mutex_);
        frames = queue_.Size();
        bytes = queue_.Bytes();
    }
    hub_.CountDropped();
    tt::log::Warn("dropping a slow WebSocket client: its send queue is full",
                  {{"userId", user_id_}, {"queuedFrames", frames}, {"queuedBytes", bytes}, {"requestId", request_id_}});
    hub_.Unregister(this);
    Close(websocket::close_code::policy_error, "send queue full: the client reads too slowly");
}

void WsSession::WriteNext() {
    std::shared_ptr<const std::string> frame;  // kept alive by the handler even if the queue is cleared
    {
        std::lock_guard lock(mutex_);
        if (state_ != State::kOpen || queue_.Empty()) {
            writing_ = false;
            return;
        }
        frame = queue_.Front();
    }
    ws_.text(true);
    ws_.async_write(asio::buffer(*frame), [self = shared_from_this(), frame](const boost::system::error_code& ec,
                                                                             std::size_t) { self->OnWritten(ec); });
}

void WsSession::OnWritten(const boost::system::error_code& ec) {
    if (ec || state_ != State::kOpen) {
        // Closing (the queue was cleared) or the connection broke: no further writes. Cutting a broken
        // connection ends the read loop, which finishes the session.
        {
            std::lock_guard lock(mutex_);
            writing_ = false;
        }
        if (ec && state_ == State::kOpen) {
            state_ = State::kClosing;
            StopAccepting();
            beast::get_lowest_layer(ws_).close();
        }
        return;
    }
    {
        std::lock_guard lock(mutex_);
        queue_.Pop();
    }
    WriteNext();
}

void WsSession::Close(websocket::close_code code, const char* reason) {
    if (state_ != State::kOpen) return;
    state_ = State::kClosing;
    StopAccepting();
    // Sent after the frame being written (if any); the read loop then gets the client's answer.
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](const boost::system::error_code&) {});
    // A client that stopped reading never answers: cut the connection after the grace period.
    kill_timer_.expires_after(options_.close_grace);
    kill_timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
        if (!ec) beast::get_lowest_layer(self->ws_).close();
    });
}

void WsSession::StopAccepting() {
    std::lock_guard lock(mutex_);
    accepting_ = false;
    queue_.Clear();
}

void WsSession::Finish() {
    state_ = State::kClosed;
    StopAccepting();
    hub_.Unregister(this);
    kill_timer_.cancel();
    beast::get_lowest_layer(ws_).close();  // also ends a write still waiting on a client that stopped reading
}

}  // namespace gateway::realtime
