-- bench/wrk/like.lua: POST /api/interactions/like with a unique (user, video) pair per request.
--   wrk ... -s like.lua <url> -- <tokens-file> <videos-file> <threads> <offset>
-- Pair i = (user floor(i / V) mod U, video i mod V); thread `tid` takes i = offset + tid + k * threads,
-- so no two requests of a run (or of runs with disjoint offsets) share a pair until U * V are used;
-- after that pairs repeat (a repeat like is a cheaper 200) and `wrapped` counts them.
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local tokens, videos, nthreads, k, offset

function init(args)
   tokens = report.lines(args[1])
   videos = report.lines(args[2])
   nthreads = tonumber(args[3])
   offset = tonumber(args[4] or "0")
   k = 0
end

function request()
   local i = offset + tid + k * nthreads
   k = k + 1
   local nv, nu = #videos, #tokens
   if i >= nv * nu then wrapped = wrapped + 1 end
   local video = videos[(i % nv) + 1]
   local token = tokens[(math.floor(i / nv) % nu) + 1]
   return wrk.format("POST", "/api/interactions/like",
                     {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
                     '{"videoId":"' .. video .. '"}')
end
