#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>

#include "realtime/hub.hpp"
#include "realtime/send_queue.hpp"
#include "tt/http/types.hpp"

namespace gateway::realtime {

struct SessionOptions {
    std::size_t send_queue_frames = 256;     // WS_SEND_QUEUE_LIMIT
    std::size_t send_queue_bytes = 1 << 20;  // WS_SEND_QUEUE_BYTES
    std::size_t max_message_bytes = 4096;    // WS_MAX_MESSAGE_BYTES: larger client messages close the socket (1009)
    std::chrono::milliseconds close_grace{5000};  // after sending a close frame, how long the peer gets to answer
};

// One WebSocket client: the opening handshake, a read loop for join_video / leave_video and a
// bounded send queue with one write at a time. The stream is only used on the socket's executor,
// which must be a strand (the gateway's io_context runs on several threads). Deliver() may be called
// from any thread: it appends to the queue under a mutex and posts at most one "start writing" to
// the strand, so write completions are never stuck behind a burst of posted frames and the bound
// measures what the client has not taken yet. A client whose queue is full is dropped: close frame
// 1008 (policy violation), queued frames discarded, the TCP connection cut if it does not answer the
// close within close_grace. The session keeps itself alive (shared_from_this) while it has work.
class WsSession final : public Subscriber, public std::enable_shared_from_this<WsSession> {
public:
    WsSession(boost::asio::ip::tcp::socket socket, Hub& hub, SessionOptions options, std::string user_id,
              std::string request_id);
    ~WsSession() override;
    WsSession(const WsSession&) = delete;
    WsSession& operator=(const WsSession&) = delete;

    // Answers the upgrade request, registers with the hub and serves the client in a coroutine of
    // its own. Returns at once.
    void Start(tt::http::Request upgrade);

    void Deliver(std::shared_ptr<const std::string> frame) override;
    void Shutdown() override;

private:
    enum class State { kHandshake, kOpen, kClosing, kClosed };
    enum class Offered { kQueued, kStartWriting, kOverflow, kRefused };

    static boost::asio::awaitable<void> Run(std::shared_ptr<WsSession> self, tt::http::Request upgrade);
    // The handshake and the read loop; returns why the session ended (for the log).
    boost::asio::awaitable<std::string> Serve(tt::http::Request upgrade);
    void OnMessage(const std::string& text, bool is_text);
    void Reply(std::string frame);
    // Appends a frame (any thread); tells the caller what to do on the strand next.
    Offered Offer(std::shared_ptr<const std::string> frame);
    void Drop();
    void WriteNext();
    void OnWritten(const boost::system::error_code& ec);
    void Close(boost::beast::websocket::close_code code, const char* reason);
    void StopAccepting();
    void Finish();

    boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
    boost::asio::steady_timer kill_timer_;
    Hub& hub_;
    SessionOptions options_;
    std::string user_id_;
    std::string request_id_;
    State state_ = State::kHandshake;  // strand only

    std::mutex mutex_;  // guards the three below (Deliver runs on other threads)
    SendQueue queue_;
    bool accepting_ = false;  // open and not dropped: frames are queued
    bool writing_ = false;    // a write is in flight or about to start on the strand
};

}  // namespace gateway::realtime
