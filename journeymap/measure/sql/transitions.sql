-- Steps from one touchpoint to the next, per case, from an event log (one row per event).
-- Input:  events(case_id, activity, ts, channel); touchpoint_names(name, touchpoint, is_exit).
-- Output: one row per (source, target) pair seen: transitions, cases (distinct cases that made
--         the step) and median_hours (median time from the event at the source to the next).
-- Events of activities that name no touchpoint are left out before steps are taken; repeated
-- events at one touchpoint are not steps.
WITH mapped AS (
    SELECT e.case_id, e.ts, m.touchpoint
    FROM events AS e
    JOIN touchpoint_names AS m ON LOWER(TRIM(e.activity)) = m.name
),
steps AS (
    SELECT
        case_id,
        LAG(touchpoint) OVER (PARTITION BY case_id ORDER BY ts, touchpoint) AS source,
        touchpoint AS target,
        LAG(ts) OVER (PARTITION BY case_id ORDER BY ts, touchpoint) AS source_ts,
        ts
    FROM mapped
)
SELECT
    source,
    target,
    COUNT(*) AS transitions,
    COUNT(DISTINCT case_id) AS cases,
    PERCENTILE_CONT(0.5) WITHIN GROUP (
        ORDER BY (EPOCH(ts) - EPOCH(source_ts)) / 3600.0
    ) AS median_hours
FROM steps
WHERE source IS NOT NULL AND source <> target
GROUP BY source, target
ORDER BY source, target
