#pragma once

#include <string>
#include <vector>

#include "api/auth_guard.hpp"
#include "tt/http/router.hpp"
#include "tt/jwt/jwt.hpp"

namespace gateway::api {
struct Deps;
}

namespace gateway::realtime {

class Hub;

// GET /ws: the WebSocket endpoint (protocol in realtime/protocol.hpp and README.md). Sessions join
// `hub`, which must outlive the io_context that runs them.
void AddRealtimeRoutes(tt::http::Router& router, const api::Deps& deps, Hub& hub);

// Who opens the socket. The access token comes from the `token` query parameter, else
// `Authorization: Bearer`, else the `access_token` cookie. A cookie is sent by the browser on its
// own, so with it the Origin header (when present) must be one of `cors_origins` ("*" = any):
// otherwise any web page could open a socket in the user's name (cross-site WebSocket hijacking).
// Throws tt::Error: kUnauthenticated (no or bad token), kPermissionDenied (foreign origin).
tt::jwt::Claims AuthenticateUpgrade(const tt::http::Context& context, const api::AuthGuard& guard,
                                    const std::vector<std::string>& cors_origins);

}  // namespace gateway::realtime
