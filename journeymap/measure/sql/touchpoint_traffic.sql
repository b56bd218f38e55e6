-- Traffic per touchpoint from an event log (one row per event).
-- Input:  events(case_id, activity, ts, channel); touchpoint_names(name, touchpoint, is_exit).
-- Output: one row per touchpoint reached: events (contact volume), cases (distinct cases that
--         reached it) and lost (cases whose last event is here and that never reached an exit).
-- Events of one case with the same timestamp are ordered by touchpoint id.
WITH mapped AS (
    SELECT e.case_id, e.ts, m.touchpoint, CASE WHEN m.is_exit THEN 1 ELSE 0 END AS at_exit
    FROM events AS e
    JOIN touchpoint_names AS m ON LOWER(TRIM(e.activity)) = m.name
),
ranked AS (
    SELECT
        case_id,
        touchpoint,
        ROW_NUMBER() OVER (PARTITION BY case_id ORDER BY ts DESC, touchpoint DESC) AS from_end,
        MAX(at_exit) OVER (PARTITION BY case_id) AS reached_exit
    FROM mapped
)
SELECT
    touchpoint,
    COUNT(*) AS events,
    COUNT(DISTINCT case_id) AS cases,
    SUM(CASE WHEN from_end = 1 AND reached_exit = 0 THEN 1 ELSE 0 END) AS lost
FROM ranked
GROUP BY touchpoint
ORDER BY touchpoint
