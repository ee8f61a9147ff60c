-- Each endpoint's own thresholds: a funnel step's churn above churn_threshold_pct percent is a churn spike; an hour's
-- revenue revenue_drop_pct percent below its baseline is a revenue drop.
ALTER TABLE webhooks ADD COLUMN churn_threshold_pct DOUBLE PRECISION NOT NULL DEFAULT 40;
ALTER TABLE webhooks ADD COLUMN revenue_drop_pct DOUBLE PRECISION NOT NULL DEFAULT 30;
