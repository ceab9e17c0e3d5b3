-- bench/wrk/plain.lua: GET of the URL given to wrk, counting responses by class (report.lua).
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done
