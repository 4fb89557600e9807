-- top-talkers.sql — the ten addresses that sent the most application bytes, over all flows
-- loaded by rowtap's pgsql sink (table flows; every row is one direction, so srcip is the sender).
--   psql netflows -f top-talkers.sql
SELECT srcip AS address,
       count(*) AS directions,
       sum(pktssnt) AS packets,
       sum(l7bytessnt) AS l7_bytes
FROM flows
WHERE srcip IS NOT NULL
GROUP BY srcip
ORDER BY l7_bytes DESC, address
LIMIT 10;
