-- zero-window.sql — TCP directions that advertised a zero window (a receiver that could not keep
-- up): tcpWin counts the packets whose window field was below tcpWin.threshold (default 1).
--   psql netflows -f zero-window.sql
SELECT sensor_id, flowind, dir,
       srcip, srcport, dstip, dstport,
       tcpwinthcnt AS zero_window_packets
FROM flows
WHERE l4proto = 6 AND tcpwinstat & 1 = 1
ORDER BY zero_window_packets DESC, sensor_id, flowind, dir;
