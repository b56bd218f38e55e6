-- Satisfaction per touchpoint from survey responses (one row per response).
-- Input:  responses(touchpoint, nps, csat, ces): nps 0..10, csat 1..5, ces 1..7, NULL = not asked;
--         touchpoint_names(name, touchpoint, is_exit): lower-cased touchpoint ids, titles and
--         mapped names, each naming one touchpoint id of the map.
-- Output: one row per touchpoint: nps = % promoters (9-10) minus % detractors (0-6);
--         csat = % of answers 4-5; ces = mean effort; each with the number of answers.
SELECT
    m.touchpoint AS touchpoint,
    100.0 * (SUM(CASE WHEN r.nps >= 9 THEN 1 ELSE 0 END)
             - SUM(CASE WHEN r.nps <= 6 THEN 1 ELSE 0 END)) / NULLIF(COUNT(r.nps), 0) AS nps,
    COUNT(r.nps) AS nps_n,
    100.0 * SUM(CASE WHEN r.csat >= 4 THEN 1 ELSE 0 END) / NULLIF(COUNT(r.csat), 0) AS csat,
    COUNT(r.csat) AS csat_n,
    AVG(r.ces) AS ces,
    COUNT(r.ces) AS ces_n
FROM responses AS r
JOIN touchpoint_names AS m ON LOWER(TRIM(r.touchpoint)) = m.name
GROUP BY m.touchpoint
ORDER BY m.touchpoint
