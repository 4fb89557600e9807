-- rows-per-sensor.sql — what each sensor loaded into the shared tables (doc/scale-out.md): its runs,
-- flow directions and packets, and the time they cover.
--   psql netflows -f rows-per-sensor.sql
SELECT f.sensor_id,
       count(DISTINCT f.run_id) AS runs,
       count(*) AS flows,
       coalesce((SELECT count(*) FROM packets p WHERE p.sensor_id = f.sensor_id), 0) AS packets,
       min(f.timefirst) AS first_seen,
       max(f.timelast) AS last_seen
FROM flows f
GROUP BY f.sensor_id
ORDER BY f.sensor_id;
