-- bench/wrk/view.lua: POST /api/interactions/view without auth, videos round robin.
--   wrk ... -s view.lua <url> -- <videos-file> <threads>
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local videos, nthreads, k

function init(args)
   videos = report.lines(args[1])
   nthreads = tonumber(args[2])
   k = 0
end

function request()
   local video = videos[((tid + k * nthreads) % #videos) + 1]
   k = k + 1
   return wrk.format("POST", "/api/interactions/view", {["Content-Type"] = "application/json"},
                     '{"videoId":"' .. video .. '"}')
end
