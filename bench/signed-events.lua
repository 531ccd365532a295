-- wrk script: posts distinct, correctly signed neoagent leads read from BENCH_EVENTS (one request a line,
-- "<X-Webhook-Signature>\t<body>", written by io.neoagent.bench.BenchEvents). Each wrk thread takes
-- every n-th line, so no two requests of a run carry the same event; should a thread run out, it starts
-- over (a duplicate, still verified and answered) and counts it in "wrapped".
-- BENCH_DELAY_MS > 0 paces each connection: one request, then that many ms, then the next.
-- done() writes the figures as JSON to BENCH_OUT.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  local total = tonumber(os.getenv("BENCH_THREADS") or "1")
  path = os.getenv("BENCH_PATH") or "/webhooks/neoagent"
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  events = {}
  local n = 0
  for line in io.lines(os.getenv("BENCH_EVENTS")) do
    if n % total == id then
      local tab = line:find("\t", 1, true)
      table.insert(events, { line:sub(1, tab - 1), line:sub(tab + 1) })
    end
    n = n + 1
  end
  index = 0
  wrapped = 0
  not_success = 0
end

function request()
  index = index + 1
  if index > #events then
    index = 1
    wrapped = wrapped + 1
  end
  local event = events[index]
  return wrk.format("POST", path,
    { ["Content-Type"] = "application/json", ["X-Webhook-Signature"] = event[1] }, event[2])
end

function delay()
  return pause
end

function response(status, headers, body)
  if status ~= 200 or body ~= '{"status":"success"}' then
    not_success = not_success + 1
  end
end

function done(summary, latency, requests)
  local not_ok, wraps = 0, 0
  for _, thread in ipairs(threads) do
    not_ok = not_ok + thread:get("not_success")
    wraps = wraps + thread:get("wrapped")
  end
  local e = summary.errors
  local out = io.open(os.getenv("BENCH_OUT"), "w")
  out:write(string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"max_ms":%.3f,' ..
    '"not_success":%d,"socket_errors":%d,"timeouts":%d,"wrapped":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
    latency.max / 1000, not_ok, e.connect + e.read + e.write, e.timeout, wraps))
  out:close()
end
