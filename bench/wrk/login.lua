-- bench/wrk/login.lua: POST /api/auth/login, users round robin (each thread from its own start).
--   wrk ... -s login.lua <url> -- <usernames-file> <password> <threads>
local report = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
setup, response, done = report.setup, report.response, report.done

local names, password, nthreads, k

function init(args)
   names = report.lines(args[1])
   password = args[2]
   nthreads = tonumber(args[3])
   k = 0
end

function request()
   local name = names[((tid + k * nthreads) % #names) + 1]
   k = k + 1
   return wrk.format("POST", "/api/auth/login", {["Content-Type"] = "application/json"},
                     '{"emailOrUsername":"' .. name .. '","password":"' .. password .. '"}')
end
