-- bench/wrk/signed_in.lua: GET of the URL given to wrk as a signed-in caller, the bench users' tokens
-- taken in turn (each request a different caller, so nothing per caller is reused).
--   wrk ... -s signed_in.lua <url> -- <tokens-file> <threads>
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local next_token

function init(args)
   next_token = report.cycle(report.lines(args[1]), tonumber(args[2]))
end

function request()
   return wrk.format("GET", nil, {["Authorization"] = "Bearer " .. next_token()})
end
