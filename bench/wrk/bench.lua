-- One wrk script for every scenario, configured by environment variables (set by bench.py):
--   BENCH_METHOD, BENCH_BODY, BENCH_AUTH   request method, JSON body, bearer token
--   BENCH_ACCEPT_ENCODING                  Accept-Encoding to send (none when unset)
--   BENCH_EVENTS                           file of "signature<TAB>body" lines to POST to
--                                          /billing/webhook, each sent once, split across threads;
--                                          wrk's duration is then an upper bound
--   BENCH_THREADS                          wrk's -t (to split the events file)
--   BENCH_COUNT                            "1": count responses by status and webhook outcome
--                                          (always on with BENCH_EVENTS; a thread stops once
--                                          every one of its events is answered)
-- done() prints one JSON object on the last line of stdout.

local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local auth = os.getenv("BENCH_AUTH")
local accept_encoding = os.getenv("BENCH_ACCEPT_ENCODING")
local events_file = os.getenv("BENCH_EVENTS")
local counting = os.getenv("BENCH_COUNT") == "1" or events_file ~= nil

wrk.method = method
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if auth and auth ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. auth
end
if accept_encoding and accept_encoding ~= "" then
  wrk.headers["Accept-Encoding"] = accept_encoding
end

local threads = {}
local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
local mine = {}
local next_event = 1
c_2xx, c_403, c_409, c_4xx, c_5xx, c_processed, c_already, c_ignored, c_filler = 0, 0, 0, 0, 0, 0, 0, 0, 0

function init(args)
  if not events_file then return end
  local i = 0
  for line in io.lines(events_file) do
    if i % thread_count == thread_index then
      local signature, payload = line:match("^([^\t]+)\t(.*)$")
      table.insert(mine, wrk.format("POST", "/billing/webhook",
        { ["Content-Type"] = "application/json", ["Stripe-Signature"] = signature }, payload))
    end
    i = i + 1
  end
end

local verified = false

if events_file then
  function request()
    -- wrk calls request() once on the first thread to check the script before the run; that
    -- request is never sent, so it must not use up an event.
    if thread_index == 0 and not verified then
      verified = true
      return wrk.format("GET", "/health")
    end
    local req = mine[next_event]
    next_event = next_event + 1
    return req or wrk.format("GET", "/health")
  end

  -- Once this thread's events are all sent, its connections wait (instead of sending anything
  -- else) until the last answer is in and response() stops the thread.
  function delay()
    if next_event > #mine then return 60000 end
    return 0
  end
end

if counting then
  function response(status, headers, resp_body)
    if status >= 500 then c_5xx = c_5xx + 1
    elseif status == 403 then c_403 = c_403 + 1
    elseif status == 409 then c_409 = c_409 + 1
    elseif status >= 400 then c_4xx = c_4xx + 1
    elseif resp_body and resp_body:find('"status":"ok"', 1, true) then c_filler = c_filler + 1
    else
      c_2xx = c_2xx + 1
      if resp_body then
        if resp_body:find('"status":"processed"', 1, true) then c_processed = c_processed + 1
        elseif resp_body:find('"status":"already_processed"', 1, true) then c_already = c_already + 1
        elseif resp_body:find('"status":"ignored"', 1, true) then c_ignored = c_ignored + 1 end
      end
    end
    if events_file and c_2xx + c_403 + c_409 + c_4xx + c_5xx >= #mine then
      wrk.thread:stop()
    end
  end
end

function done(summary, latency, requests)
  local counts = {}
  for _, name in ipairs({ "c_2xx", "c_403", "c_409", "c_4xx", "c_5xx", "c_processed", "c_already", "c_ignored",
                          "c_filler" }) do
    local total = 0
    for _, thread in ipairs(threads) do total = total + (thread:get(name) or 0) end
    counts[#counts + 1] = string.format('"%s":%d', name:sub(3), total)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,' ..
    '"counted":%s,"counts":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    tostring(counting), table.concat(counts, ",")))
end
