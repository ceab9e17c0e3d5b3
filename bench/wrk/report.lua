-- bench/wrk/report.lua: response-class counters shared by the benchmark's wrk scripts.
--
-- A script does `local report = dofile(<dir> .. "report.lua")` and then assigns
-- setup = report.setup, response = report.response, done = report.done (wrapping them when it
-- needs more). Each wrk thread has its own Lua state: response() counts in that state, setup()
-- keeps every thread and gives it an id (`tid`), done() sums the threads' counters and prints one
-- line that bench/wrk_runner.py parses:
--   TT_RESULT 2xx=<n> 3xx=<n> 4xx=<n> 5xx=<n> other=<n> wrapped=<n>
-- (`wrapped`: requests that reused a unique input because the list ran out, e.g. like pairs).
local M = {}
local threads = {}

c2xx, c3xx, c4xx, c5xx, cother, wrapped = 0, 0, 0, 0, 0, 0

function M.setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

function M.response(status, headers, body)
   if status >= 200 and status < 300 then c2xx = c2xx + 1
   elseif status >= 300 and status < 400 then c3xx = c3xx + 1
   elseif status >= 400 and status < 500 then c4xx = c4xx + 1
   elseif status >= 500 and status < 600 then c5xx = c5xx + 1
   else cother = cother + 1 end
end

function M.done(summary, latency, requests)
   local t = {c2xx = 0, c3xx = 0, c4xx = 0, c5xx = 0, cother = 0, wrapped = 0}
   for _, thread in ipairs(threads) do
      for k, _ in pairs(t) do t[k] = t[k] + (thread:get(k) or 0) end
   end
   io.write(string.format("TT_RESULT 2xx=%d 3xx=%d 4xx=%d 5xx=%d other=%d wrapped=%d\n",
                          t.c2xx, t.c3xx, t.c4xx, t.c5xx, t.cother, t.wrapped))
end

-- Lines of a file (empty lines skipped); fails loudly when the file is missing.
function M.lines(path)
   local out = {}
   local fh = assert(io.open(path, "r"), "cannot open " .. tostring(path))
   for line in fh:lines() do
      if #line > 0 then table.insert(out, line) end
   end
   fh:close()
   assert(#out > 0, path .. " is empty")
   return out
end

-- The items of `list` in turn for this thread: request k of thread `tid` (of `nthreads`) takes item
-- tid + k * nthreads, so the threads together go through the list in order.
function M.cycle(list, nthreads)
   local k = 0
   return function()
      local item = list[((tid + k * nthreads) % #list) + 1]
      k = k + 1
      return item
   end
end

return M
