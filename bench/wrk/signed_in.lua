-- bench/wrk/signed_in.lua: GET of the URL given to wrk as a signed-in caller, the bench users' tokens
-- taken in turn (each request a different caller, so nothing per caller is reused).
--   wrk ... -s signed_in.lua <url> -- <tokens-file> <threads>
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local tokens, nthreads, k

function init(args)
   tokens = report.lines(args[1])
   nthreads = tonumber(args[2])
   k = 0
end

function request()
   local i = tid + k * nthreads
   k = k + 1
   return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. tokens[(i % #tokens) + 1]})
end
