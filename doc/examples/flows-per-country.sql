-- flows-per-country.sql — conversations per country of the remote side: the A direction of every
-- flow (its sender started the conversation), counted by the destination's country code
-- (basicFlow.countryDb; two digits are special ranges such as 02 private, '-' unknown).
--   psql netflows -f flows-per-country.sql
SELECT dstipcc AS country,
       count(*) AS flows,
       sum(pktssnt + pktsrcvd) AS packets,
       sum(l7bytessnt + l7bytesrcvd) AS l7_bytes
FROM flows
WHERE dir = 'A' AND dstip IS NOT NULL
GROUP BY dstipcc
ORDER BY flows DESC, country;
