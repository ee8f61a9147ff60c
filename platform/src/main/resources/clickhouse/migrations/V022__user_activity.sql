-- Each user's active days, one aggregate row per project and user once merged (the set of the user's days in
-- user_days): DAU and retention read it instead of every row of user_days (see UserDayRepository). A set keeps each
-- day once, so a row repeated or counted twice changes nothing; a user's erasure deletes the user's row like the
-- user's rows of user_days. Filled by user_activity_mv from every insert into user_days; the backfill adds the days
-- stored before (days inserted while both run are added twice, which changes nothing).
CREATE TABLE IF NOT EXISTS user_activity (
    project_id String,
    user_id String,
    days AggregateFunction(groupUniqArray, Date)
) ENGINE = AggregatingMergeTree()
ORDER BY (project_id, user_id);

CREATE MATERIALIZED VIEW IF NOT EXISTS user_activity_mv TO user_activity AS
SELECT project_id, user_id, groupUniqArrayState(day) AS days
FROM user_days
GROUP BY project_id, user_id;

INSERT INTO user_activity (project_id, user_id, days)
SELECT project_id, user_id, groupUniqArrayState(day)
FROM user_days
GROUP BY project_id, user_id;
