-- wrk's results as one line of JSON, for bench/published-page.ts:
-- requests, duration (µs), bytes, p99 latency (µs) and errors by kind
-- ("status" counts answers of 400 and above).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK {"requests":%d,"durationUs":%d,"bytes":%d,"p99Us":%d,"status":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
