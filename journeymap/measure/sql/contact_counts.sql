-- Contact volume per touchpoint from counted contacts (one row per touchpoint, channel or day).
-- Input:  contacts(touchpoint, contacts); touchpoint_names(name, touchpoint, is_exit).
SELECT m.touchpoint AS touchpoint, SUM(c.contacts) AS contacts
FROM contacts AS c
JOIN touchpoint_names AS m ON LOWER(TRIM(c.touchpoint)) = m.name
GROUP BY m.touchpoint
ORDER BY m.touchpoint
