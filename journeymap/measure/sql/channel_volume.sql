-- Contact volume by channel from an event log (events without a channel are left out).
-- Input:  events(case_id, activity, ts, channel).
SELECT channel, COUNT(*) AS contacts, COUNT(DISTINCT case_id) AS cases
FROM events
WHERE channel IS NOT NULL AND TRIM(channel) <> ''
GROUP BY channel
ORDER BY contacts DESC, channel
