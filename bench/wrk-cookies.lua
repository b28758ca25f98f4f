-- Each request signed in as the next of several people (one Cookie header a
-- line in the file WRK_COOKIES names), with other headers as given by -H;
-- results as bench/wrk-report.lua prints them.
local cookies = {}
for line in io.lines(os.getenv("WRK_COOKIES")) do
  if #line > 0 then cookies[#cookies + 1] = line end
end
local n = 0

request = function()
  n = n + 1
  wrk.headers["Cookie"] = cookies[(n % #cookies) + 1]
  return wrk.format(nil)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests":%d,"durationUs":%d,"bytes":%d,"p99Us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
