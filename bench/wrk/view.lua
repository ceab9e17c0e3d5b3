-- bench/wrk/view.lua: POST /api/interactions/view without auth, videos round robin.
--   wrk ... -s view.lua <url> -- <videos-file> <threads>
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local next_video

function init(args)
   next_video = report.cycle(report.lines(args[1]), tonumber(args[2]))
end

function request()
   return wrk.format("POST", "/api/interactions/view", {["Content-Type"] = "application/json"},
                     '{"videoId":"' .. next_video() .. '"}')
end
