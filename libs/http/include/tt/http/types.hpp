#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <map>
#include <string>

namespace tt::http {

namespace beast_http = boost::beast::http;
using Request = beast_http::request<beast_http::string_body>;
using Response = beast_http::response<beast_http::string_body>;

// What a handler gets: the request, the route's `:params`, the decoded query and the request id.
struct Context {
    Request request;
    std::string path;  // without the query string
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> query;
    std::string request_id;
    std::string remote_address;
};

// Handlers take the context by value (coroutine parameters are never references) and either return
// a response or throw tt::Error, which the server renders as the JSON error envelope.
using Handler = std::function<boost::asio::awaitable<Response>(Context)>;

}  // namespace tt::http
