-- Names in the data (event activities, the touchpoint column of survey responses or contact
-- counts) that name no touchpoint of the map, with how many rows use each.
-- Input:  named(name): the name column of the data; touchpoint_names(name, touchpoint, is_exit).
SELECT n.name AS name, COUNT(*) AS row_count
FROM named AS n
WHERE LOWER(TRIM(n.name)) NOT IN (SELECT t.name FROM touchpoint_names AS t)
GROUP BY n.name
ORDER BY row_count DESC, n.name
